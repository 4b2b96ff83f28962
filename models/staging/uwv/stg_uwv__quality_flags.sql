with

source as (

    select * from {{ ref('quality_flags') }}

),

renamed as (

    select
        quality_flag,
        discrepancy_category,
        number_in_doubt,
        sort_order as quality_flag_sort_order,
        label_nl as quality_flag_label_nl,
        label_en as quality_flag_label_en,
        definition_nl as quality_flag_definition_nl,
        definition_en as quality_flag_definition_en
    from source

)

select * from renamed
