with

questions as (

    select * from {{ ref('stg_uwv__questions') }}

),

response_types as (

    select * from {{ ref('stg_uwv__response_types') }}

),

final as (

    select
        questions.question_code,
        questions.question_wording_en,
        questions.question_wording_nl,
        questions.response_type,
        response_types.answers_are_exclusive,
        questions.population_code,
        questions.printed_in_figures,
        questions.sort_order
    from questions
    left join response_types
        on questions.response_type = response_types.response_type

)

select * from final
order by sort_order
