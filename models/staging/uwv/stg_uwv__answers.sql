with

source as (

    select * from {{ ref('answers') }}

),

renamed as (

    select
        question_code,
        answer_code,
        label_nl as answer_label_nl,
        label_en as answer_label_en,
        ordinal as answer_ordinal
    from source

)

select * from renamed
