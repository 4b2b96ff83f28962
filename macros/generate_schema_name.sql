{#- Use the configured schema name verbatim (raw, staging, intermediate, marts, quality)
    instead of dbt's default "<target schema>_<custom schema>", so the names analysts see
    in DuckDB are the layer names. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
