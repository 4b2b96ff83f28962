{#- Whether employers guide employees who use AI, and whether employers expecting to use AI
    prepare their employees for it (figure 6): the yes and no shares side by side. -#}
with

observations as (

    select * from {{ ref('mart_analysis_observations') }}
    where question_code in ('AI_GUIDANCE', 'AI_PREPARATION')

),

questions as (

    select * from {{ ref('dim_question') }}

),

final as (

    select
        observations.edition,
        observations.survey_year,
        observations.question_code,
        questions.question_wording_nl,
        questions.question_wording_en,
        observations.population_code,
        observations.population_label_nl,
        observations.population_label_en,
        observations.sector_code,
        observations.sector_label_nl,
        observations.sector_label_en,
        observations.size_class_code,
        observations.size_class_label_nl,
        observations.size_class_label_en,
        any_value(observations.share_pct) filter (where observations.answer_code = 'YES')
            as yes_pct,
        any_value(observations.share_pct) filter (where observations.answer_code = 'NO')
            as no_pct,
        {{ aggregated_quality('observations') }}
    from observations
    inner join questions
        on observations.question_code = questions.question_code
    group by all

)

select * from final
order by edition, survey_year, question_code, sector_code, size_class_code
