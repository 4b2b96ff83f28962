{#- Shares of the multi-response questions (dim_question's response type; today expected
    consequences and support measures), each compared with the total over all sectors and sizes
    of the same year and population, ranked within its group, and compared with the previous
    survey year where that year was asked. The shared input of the consequences and support
    measures marts; ephemeral: it has no table of its own. -#}
{{ config(materialized='ephemeral') }}

with

questions as (

    select * from {{ ref('dim_question') }}
    where response_type = 'multi_response'

),

observations as (

    select * from {{ ref('mart_analysis_observations') }}
    where question_code in (select questions.question_code from questions)

),

totals as (

    select
        edition,
        survey_year,
        population_code,
        question_code,
        answer_code,
        share_pct as total_share_pct
    from observations
    where sector_code = '_T' and size_class_code = '_T'

),

final as (

    select
        observations.edition,
        observations.survey_year,
        observations.population_code,
        observations.population_label_nl,
        observations.population_label_en,
        observations.sector_code,
        observations.sector_label_nl,
        observations.sector_label_en,
        observations.sector_sort_order,
        observations.size_class_code,
        observations.size_class_label_nl,
        observations.size_class_label_en,
        observations.size_class_sort_order,
        observations.question_code,
        observations.answer_code,
        observations.answer_label_nl,
        observations.answer_label_en,
        observations.answer_ordinal,
        observations.share_pct,
        totals.total_share_pct,
        observations.obs_status,
        observations.quality_flag,
        observations.number_in_doubt,
        observations.discrepancy_claim_ids,
        observations.share_pct - totals.total_share_pct as difference_from_total_pp,
        rank() over by_group as rank_in_group,
        lag(observations.survey_year) over by_answer as previous_survey_year,
        lag(observations.share_pct) over by_answer as previous_share_pct,
        observations.share_pct - lag(observations.share_pct) over by_answer as change_pp
    from observations
    left join totals
        on
            observations.edition = totals.edition
            and observations.survey_year = totals.survey_year
            and observations.population_code = totals.population_code
            and observations.question_code = totals.question_code
            and observations.answer_code = totals.answer_code
    window
        by_group as (
            partition by
                observations.edition,
                observations.survey_year,
                observations.population_code,
                observations.sector_code,
                observations.size_class_code,
                observations.question_code
            order by observations.share_pct desc
        ),
        by_answer as (
            partition by
                observations.edition,
                observations.population_code,
                observations.sector_code,
                observations.size_class_code,
                observations.question_code,
                observations.answer_code
            order by observations.survey_year
        )

)

select * from final
