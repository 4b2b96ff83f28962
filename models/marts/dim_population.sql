with

populations as (

    select * from {{ ref('stg_uwv__populations') }}

),

final as (

    select
        population_code,
        parent_population_code,
        population_label_nl,
        population_label_en,
        population_definition_en
    from populations

)

select * from final
