with

source as (

    select * from {{ ref('sectors') }}

),

renamed as (

    select
        sector_code,
        sbi_2008_codes,
        name_nl as sector_name_nl,
        name_en as sector_name_en,
        sort_order,
        in_survey_scope
    from source

)

select * from renamed
