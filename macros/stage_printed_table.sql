{#- Staging for one published table seed, shaped as printed.

    The seed's columns come from its `column_types` in seeds/_seeds.yml, so the printed
    headers are declared once. Output: the seed file and line of every row, the row label
    (checked to occur once), and for every printed value column a struct holding the cell
    as printed (`published_text`) and its strictly parsed value (`value_pct`). The struct
    keeps each printed header as the column name, which lets the intermediate layer unpivot
    every table the same way without a second list of headers. -#}
{% macro stage_printed_table(seed_name, stub_column='row_label') %}
{%- set source_relation = ref(seed_name) -%}
{%- if execute -%}
    {%- set seed_node = graph.nodes['seed.' ~ project_name ~ '.' ~ seed_name] -%}
    {%- set source_file = seed_node.original_file_path -%}
    {%- set value_columns = seed_node.config.column_types.keys() | reject('equalto', stub_column) | list -%}
{%- else -%}
    {%- set source_file = seed_name -%}
    {%- set value_columns = [] -%}
{%- endif -%}
{%- set stub = adapter.quote(stub_column) -%}

with

source as (

    select * from {{ source_relation }}

),

numbered as (

    -- Line in the CSV file: the header is line 1. Seeds are loaded in file order.
    select
        *,
        row_number() over () + 1 as source_line,
        count(*) over (partition by {{ stub }}) as label_count
    from source

),

final as (

    select
        '{{ seed_name }}' as source_seed,
        '{{ source_file }}' as source_file,
        source_line,
        case
            when label_count > 1 then error(
                '{{ source_file }} line ' || source_line
                || ', column "{{ stub_column }}": row label "' || {{ stub }}
                || '" occurs ' || label_count || ' times (a printed row must occur once)'
            )
            when {{ stub }} is null then error(
                '{{ source_file }} line ' || source_line
                || ', column "{{ stub_column }}": the row label is empty'
            )
            else {{ stub }}
        end as row_label,
        {%- for column in value_columns %}
        struct_pack(
            published_text := {{ adapter.quote(column) }},
            value_pct := {{ parse_percentage(
                adapter.quote(column), source_file, column, stub, 'source_line'
            ) }}
        ) as {{ adapter.quote(column) }}{{ "," if not loop.last }}
        {%- endfor %}
    from numbered

)

select * from final
{% endmacro %}
