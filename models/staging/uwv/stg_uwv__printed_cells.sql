{#- Every printed table in long form: one row per printed cell, keyed by seed, CSV line and
    column header, with the cell as printed and its strictly parsed percentage.

    Each table is first unpivoted as text (empty cells kept), then every cell of every table is
    parsed below, once. Nothing is read from the database at compile time: a printed table's
    columns are taken by position (seeds/_seeds.yml declares them in file order, and the
    build checks the file against that): `edition`, then the row labels (the printed stub,
    whatever its header), then the printed value columns, whatever their headers.
    dbt must know a model's inputs when it parses the project, so the seeds are named here:
    a new printed table needs its seed, its declaration, its layout rows and its name here. -#}
{{ config(materialized='view') }}
{%- set printed_tables = [
    'fig04_consequences_trend',
    'fig06_guidance_and_preparation',
    'fig07_measures_total',
    'fig08_current_ai_use',
    'fig09_expected_ai_use',
    'fig10_expected_consequences',
    'fig12_measures',
    'fig13_measures_by_population',
] -%}

with

{% for seed_name in printed_tables %}
{{ seed_name }} as (

    select
        '{{ seed_name }}' as source_seed,
        'seeds/publication/{{ seed_name }}.csv' as source_file,
        source_line,
        edition,
        row_label,
        column_header,
        published_text
    from (
        -- The line in the CSV file: the header is line 1, seeds load in file order, and the
        -- seed-file hook refuses blank lines and values spanning lines (check_seed_files).
        select
            *,
            row_number() over () + 1 as source_line
        -- The column list renames the first two columns, whatever the seed calls them.
        from {{ ref(seed_name) }} as printed_table (edition, row_label)  -- noqa: AL05
    ) as numbered
    unpivot include nulls (
        published_text for column_header in (
            columns(* exclude (edition, row_label, source_line))
        )
    )

),
{% endfor %}
unioned as (

    {% for seed_name in printed_tables %}
    select * from {{ seed_name }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        source_seed,
        source_file,
        source_line,
        edition,
        row_label,
        column_header,
        published_text,
        -- The one parse of a printed cell: a whole number from 0 to 100 directly followed by
        -- '%'. Anything else ('7,5%', '7 %', 'x', '120%', '-3%', an empty cell) stops the
        -- query with the file, line, column and row: a silently wrong or missing published
        -- number is worse than a failed build.
        case
            when regexp_full_match(published_text, '(100|[1-9]?[0-9])%')
                then cast(rtrim(published_text, '%') as integer)
            else error(
                source_file || ' line ' || source_line
                || ', column "' || column_header || '", row "'
                || coalesce(left(row_label, 200), '') || '": '
                || coalesce({{ shown_value('published_text') }}, 'empty cell')
                || ' is not a percentage (expected a whole number from 0 to 100 followed by %)'
            )
        end as value_pct
    from unioned

)

select * from final
