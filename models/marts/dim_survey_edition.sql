with

editions as (

    select * from {{ ref('stg_uwv__survey_editions') }}

),

final as (

    select
        edition,
        survey_year,
        publication_title,
        publication_year,
        publisher,
        fieldwork_agency,
        fieldwork_label_nl,
        fieldwork_start,
        fieldwork_end,
        respondents,
        establishments_approached,
        establishments_approached_is_minimum,
        online_response_pct,
        min_employees,
        sector_clusters_in_sample,
        size_classes_in_sample,
        sampling_description_en,
        weighting_description_en
    from editions

)

select * from final
order by edition
