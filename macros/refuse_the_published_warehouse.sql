{#- An on-run-start hook: dbt never writes the published warehouse. Plain dbt builds
    build/dev.duckdb and `uwv-ai build` a `.candidate` file that it publishes after every
    gate passed; a profile or variable pointed at the published file stops here, before any
    node runs. Paths are compared as written (Jinja cannot resolve them): the same path, or
    one ending in the other where one of them is relative to the project root. -#}
{% macro refuse_the_published_warehouse() %}
    {%- set published = env_var('UWV_AI_WAREHOUSE', 'build/warehouse.duckdb') -%}
    {%- set path = target.path if target.type == 'duckdb' else '' -%}
    {%- if path and (
        path == published
        or (not published.startswith('/') and path.endswith('/' ~ published))
        or (not path.startswith('/') and published.endswith('/' ~ path))
    ) -%}
        {{ exceptions.raise_compiler_error(
            'dbt target ' ~ path ~ ' is the published warehouse: dbt builds'
            ~ ' build/dev.duckdb; publish with `uwv-ai build`'
        ) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
