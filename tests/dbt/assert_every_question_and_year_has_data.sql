-- Every question and every survey year the dimensions list has observations in the fact
-- table: a question or edition that lost all its rows would otherwise pass every key test.
with

questions as (

    select * from {{ ref('dim_question') }}

),

editions as (

    select * from {{ ref('dim_survey_edition') }}

),

observations as (

    select * from {{ ref('fct_survey_share') }}

),

missing_questions as (

    select
        'question_code' as key_column,
        questions.question_code as key_value
    from questions
    anti join observations
        on questions.question_code = observations.question_code

),

missing_years as (

    select
        'survey_year' as key_column,
        cast(editions.survey_year as varchar) as key_value
    from editions
    anti join observations
        on editions.survey_year = observations.survey_year

),

final as (

    select * from missing_questions
    union all
    select * from missing_years

)

select * from final
