{#- Kept only because quality.publication_round_trip reads it: the printed cells as loaded,
    which staging (stg_uwv__printed_cells) now gives in long form. Delete this model once
    publication_round_trip reads stg_uwv__printed_cells. -#}
with

printed_cells as (

    select * from {{ ref('stg_uwv__printed_cells') }}

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
        value_pct
    from printed_cells

)

select * from final
