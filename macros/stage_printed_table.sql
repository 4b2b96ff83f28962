{#- Staging for one published table seed, shaped as printed.

    The printed headers are taken from the loaded seed, so they are written down once (in
    the CSV; seeds/_seeds.yml types them and the columns_as_declared test holds the two
    together). A file may hold the printings of several editions (column `edition`).
    Output: the seed file and line of every row, its edition, the row label
    (checked to occur once), and for every printed value column a struct holding the cell
    as printed (`published_text`) and its strictly parsed value (`value_pct`). The struct
    keeps each printed header as the column name, which lets the intermediate layer unpivot
    every table the same way without a second list of headers. -#}
{% macro stage_printed_table(seed_name, stub_column='row_label') %}
{%- set source_relation = ref(seed_name) -%}
{%- set source_file = 'seeds/publication/' ~ seed_name ~ '.csv' -%}
{%- set value_columns = [] -%}
{%- if execute -%}
    {#- The columns of the loaded seed table, not a list written here: a column the file
        has but the declarations lack then reaches the intermediate layer, which rejects its
        header. The table is looked up by name because in unit tests ref() is a fixture.
        Seeds live in the raw schema (dbt_project.yml). -#}
    {%- set seed_table = adapter.get_relation(
        database=target.database, schema='raw', identifier=seed_name
    ) -%}
    {%- if seed_table is none -%}
        {{ exceptions.raise_compiler_error(
            'seed ' ~ seed_name ~ ' is not loaded: run dbt seed (or dbt build) first'
        ) }}
    {%- endif -%}
    {%- for column in adapter.get_columns_in_relation(seed_table) -%}
        {%- if column.name not in (stub_column, 'edition') -%}
            {%- do value_columns.append(column.name) -%}
        {%- endif -%}
    {%- endfor -%}
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
        count(*) over (partition by edition, {{ stub }}) as label_count
    from source

),

final as (

    select
        '{{ seed_name }}' as source_seed,
        '{{ source_file }}' as source_file,
        source_line,
        edition,
        case
            when label_count > 1 then error(
                '{{ source_file }} line ' || source_line
                || ', column "{{ stub_column }}": row label "' || {{ stub }}
                || '" occurs ' || label_count
                || ' times in edition ' || edition || ' (a printed row must occur once)'
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
