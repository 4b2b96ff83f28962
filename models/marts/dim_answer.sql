with

answers as (

    select * from {{ ref('stg_uwv__answers') }}

),

final as (

    select
        question_code,
        answer_code,
        answer_label_nl,
        answer_label_en,
        answer_ordinal
    from answers

)

select * from final
order by question_code, answer_ordinal
