with

flags as (

    select * from {{ ref('stg_uwv__quality_flags') }}

),

final as (

    select
        quality_flag,
        number_in_doubt,
        quality_flag_sort_order,
        quality_flag_label_nl,
        quality_flag_label_en,
        quality_flag_definition_nl,
        quality_flag_definition_en,
        discrepancy_category
    from flags

)

select * from final
order by quality_flag_sort_order
