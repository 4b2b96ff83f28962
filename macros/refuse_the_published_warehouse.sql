{#- An on-run-start hook: dbt never writes the published warehouse. Plain dbt builds
    build/dev.duckdb and `uwv-ai build` a `.candidate` file that it publishes after every
    gate passed; a profile or variable pointed at the published file stops here, before any
    node runs. -#}
{% macro refuse_the_published_warehouse() %}
    {%- set published = env_var('UWV_AI_WAREHOUSE', 'build/warehouse.duckdb') -%}
    {%- if target.type == 'duckdb'
        and target.path.split('/')[-1] == published.split('/')[-1] -%}
        {{ exceptions.raise_compiler_error(
            'dbt target ' ~ target.path ~ ' is the published warehouse: dbt builds'
            ~ ' build/dev.duckdb; publish with `uwv-ai build`'
        ) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
