with

source as (

    select * from {{ ref('questions') }}

),

renamed as (

    select
        question_code,
        figures as printed_in_figures,
        wording_en as question_wording_en,
        wording_nl as question_wording_nl,
        response_type,
        population_code,
        sort_order
    from source

)

select * from renamed
