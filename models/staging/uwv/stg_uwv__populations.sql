with

source as (

    select * from {{ ref('populations') }}

),

renamed as (

    select
        population_code,
        parent_population_code,
        label_nl as population_label_nl,
        label_en as population_label_en,
        definition_en as population_definition_en
    from source

)

select * from renamed
