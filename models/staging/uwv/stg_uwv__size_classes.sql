with

source as (

    select * from {{ ref('size_classes') }}

),

renamed as (

    select
        size_class_code,
        label_nl as size_class_label_nl,
        label_en as size_class_label_en,
        min_persons_employed,
        max_persons_employed,
        sort_order
    from source

)

select * from renamed
