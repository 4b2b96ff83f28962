{#- The round-trip interface: one row per number printed in the publication, findable by
    figure and the labels printed around it, with the key of the observation it belongs to. -#}
with

cells as (

    select * from {{ ref('int_publication_cells_conformed') }}

),

final as (

    select
        figure,
        survey_year,
        row_label,
        column_group_label,
        column_label,
        value_pct,
        published_text,
        edition,
        population_code,
        sector_code,
        size_class_code,
        question_code,
        answer_code,
        cell_source,
        cell_source_note,
        source_file,
        source_line
    from cells

)

select * from final
order by figure asc, source_line asc, survey_year desc, column_label asc
