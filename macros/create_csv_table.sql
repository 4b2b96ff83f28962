{#- Seed tables: a column that seeds/_seeds.yml does not type is created as varchar
    instead of the type agate guesses. agate reads '25%' as a number, and the load then
    fails with a CSV conversion error that names neither the file's column nor the cause;
    as text the column loads, and the columns_as_declared test names it precisely. -#}
{% macro duckdb__create_csv_table(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}

    {% set sql %}
    create table {{ this.render() }} (
        {%- for col_name in agate_table.column_names -%}
            {%- set type = column_override.get(col_name, 'varchar') -%}
            {%- set column_name = (col_name | string) -%}
            {{ adapter.quote_seed_column(column_name, quote_seed_column) }} {{ type }}
            {%- if not loop.last -%}, {%- endif -%}
        {%- endfor -%}
    )
    {% endset %}

    {% call statement('_') -%}
        {{ sql }}
    {%- endcall %}

    {{ return(sql) }}
{% endmacro %}

{#- A seed table is always created anew from its file, never truncated and refilled: a
    development database from before a seed gained, lost or retyped a column would otherwise
    fail the load with DuckDB's CSV sniffer message about a column count (dbt's default keeps
    the old table unless --full-refresh). Creating costs what truncating does. -#}
{% macro duckdb__reset_csv_table(model, full_refresh, old_relation, agate_table) %}
    {{ adapter.drop_relation(old_relation) }}
    {{ return(create_csv_table(model, agate_table)) }}
{% endmacro %}
