with

source as (

    select * from {{ ref('publication_figures') }}

),

renamed as (

    select
        figure,
        seed_name,
        stub_header,
        row_label_source,
        column_label_source,
        title_en as figure_title_en,
        edition,
        survey_year,
        population_code,
        question_code,
        sector_code,
        size_class_code,
        printed_cells
    from source

)

select * from renamed
