{#- Every printed table has its own columns; unpivoting each one on all of its value columns
    gives one shape: one row per printed cell, keyed by seed, row label and column header.
    Adding a published table means adding its staging model to this list. -#}
{%- set printed_tables = [
    'stg_uwv__fig04_consequences_trend',
    'stg_uwv__fig06_guidance_and_preparation',
    'stg_uwv__fig07_measures_total',
    'stg_uwv__fig08_current_ai_use',
    'stg_uwv__fig09_expected_ai_use',
    'stg_uwv__fig10_expected_consequences',
    'stg_uwv__fig12_measures',
    'stg_uwv__fig13_measures_by_population',
] -%}

with

{% for printed_table in printed_tables %}
{{ printed_table }} as (

    unpivot {{ ref(printed_table) }}
    on columns(* exclude (source_seed, source_file, source_line, edition, row_label))
    into name column_header value cell

),

{% endfor %}
unioned as (

    {% for printed_table in printed_tables %}
    select * from {{ printed_table }}
    {% if not loop.last %}union all by name{% endif %}
    {% endfor %}

),

final as (

    select
        unioned.source_seed,
        unioned.source_file,
        unioned.source_line,
        unioned.edition,
        unioned.row_label,
        unioned.column_header,
        cell.published_text,
        cell.value_pct
    from unioned

)

select * from final
