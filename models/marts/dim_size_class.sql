with

size_classes as (

    select * from {{ ref('stg_uwv__size_classes') }}

),

final as (

    select
        size_class_code,
        size_class_label_nl,
        size_class_label_en,
        min_persons_employed,
        max_persons_employed,
        sort_order,
        size_class_code = '_T' as is_total
    from size_classes

)

select * from final
order by sort_order
