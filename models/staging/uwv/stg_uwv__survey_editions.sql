with

source as (

    select * from {{ ref('survey_editions') }}

),

renamed as (

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
        sampling_en as sampling_description_en,
        weighting_en as weighting_description_en
    from source

)

select * from renamed
