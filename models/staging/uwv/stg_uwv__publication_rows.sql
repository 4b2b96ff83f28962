with

source as (

    select * from {{ ref('publication_rows') }}

),

renamed as (

    select
        edition,
        figure,
        row_label,
        sector_code,
        size_class_code,
        population_code,
        question_code,
        answer_code
    from source

)

select * from renamed
