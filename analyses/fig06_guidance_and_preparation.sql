-- Figure 6 (two pie charts with data labels), 2025: on the left, whether employers that already
-- use AI guide their employees in using it; on the right, whether employers that do not use AI
-- yet but expect to within five years prepare their employees for it.
-- One row per pie (left first), one column per slice: yes_pct = 'Ja', no_pct = 'Nee'. Each
-- pie has its own population (population_label_nl is the part of the printed subtitle that
-- names it) and its own question.
-- Source: mart_ai_guidance (national total), ordered by dim_question's sort order; edition 2025.
-- Quality: the right-hand pie carries flag LOOSE_WORDING (claim C127), not a doubt about its
-- numbers: the text calls the
-- employers that do not prepare twice as many as those that do, while 62% against 38% is about
-- 1.6 times.
with

guidance as (

    select * from {{ ref('mart_ai_guidance') }}
    where edition = 2025 and sector_code = '_T' and size_class_code = '_T'

),

questions as (

    select * from {{ ref('dim_question') }}

),

final as (

    select
        guidance.population_label_nl,
        guidance.population_label_en,
        guidance.question_wording_nl,
        guidance.question_wording_en,
        guidance.question_code,
        guidance.population_code,
        guidance.yes_pct,
        guidance.no_pct,
        guidance.quality_flag,
        guidance.number_in_doubt,
        guidance.discrepancy_claim_ids,
        questions.sort_order as question_sort_order
    from guidance
    inner join questions
        on guidance.question_code = questions.question_code

)

select * from final
order by question_sort_order
