-- Unpivoting the analysis marts gives back exactly the fact table's observations of their
-- questions: no share lost, none changed, none invented. Rows returned are differences.
with

facts as (

    select * from {{ ref('fct_survey_share') }}

),

use_now as (

    select * from {{ ref('mart_ai_use_current') }}

),

use_compared as (

    select * from {{ ref('mart_ai_use_current_vs_expected') }}

),

consequences as (

    select * from {{ ref('mart_ai_consequences') }}

),

measures as (

    select * from {{ ref('mart_ai_support_measures') }}

),

guidance as (

    select * from {{ ref('mart_ai_guidance') }}

),

use_levels as (

    select
        edition,
        survey_year,
        'ALL' as population_code,
        sector_code,
        size_class_code,
        'AI_USE_NOW' as question_code,
        [
            { 'answer_code': 'HIGH', 'share_pct': high_pct },
            { 'answer_code': 'REASONABLE', 'share_pct': reasonable_pct },
            { 'answer_code': 'HARDLY', 'share_pct': hardly_pct },
            { 'answer_code': 'NOT_AT_ALL', 'share_pct': not_at_all_pct }
        ] as answers
    from use_now
    union all
    select
        edition,
        survey_year,
        'ALL' as population_code,
        sector_code,
        size_class_code,
        'AI_USE_NOW' as question_code,
        [
            { 'answer_code': 'HIGH', 'share_pct': current_high_pct },
            { 'answer_code': 'REASONABLE', 'share_pct': current_reasonable_pct },
            { 'answer_code': 'HARDLY', 'share_pct': current_hardly_pct },
            { 'answer_code': 'NOT_AT_ALL', 'share_pct': current_not_at_all_pct }
        ] as answers
    from use_compared
    union all
    select
        edition,
        survey_year,
        'ALL' as population_code,
        sector_code,
        size_class_code,
        'AI_USE_5Y' as question_code,
        [
            { 'answer_code': 'HIGH', 'share_pct': expected_high_pct },
            { 'answer_code': 'REASONABLE', 'share_pct': expected_reasonable_pct },
            { 'answer_code': 'HARDLY', 'share_pct': expected_hardly_pct },
            { 'answer_code': 'NOT_AT_ALL', 'share_pct': expected_not_at_all_pct }
        ] as answers
    from use_compared
    union all
    select
        edition,
        survey_year,
        population_code,
        sector_code,
        size_class_code,
        question_code,
        [
            { 'answer_code': 'YES', 'share_pct': yes_pct },
            { 'answer_code': 'NO', 'share_pct': no_pct }
        ] as answers
    from guidance

),

use_answers as (

    select
        edition,
        survey_year,
        population_code,
        sector_code,
        size_class_code,
        question_code,
        unnest(answers) as answer
    from use_levels

),

from_marts as (

    select
        use_answers.edition,
        use_answers.survey_year,
        use_answers.population_code,
        use_answers.sector_code,
        use_answers.size_class_code,
        use_answers.question_code,
        use_answers.answer.answer_code,
        use_answers.answer.share_pct
    from use_answers
    -- An empty side of a comparison (not printed by that edition) is not an observation.
    where use_answers.answer.share_pct is not null
    union all
    select
        edition,
        survey_year,
        'ALL' as population_code,
        sector_code,
        size_class_code,
        'AI_IMPACT_5Y' as question_code,
        consequence_code as answer_code,
        share_pct
    from consequences
    union all
    select
        edition,
        survey_year,
        population_code,
        sector_code,
        size_class_code,
        'AI_SUPPORT_MEASURES' as question_code,
        measure_code as answer_code,
        share_pct
    from measures

),

-- The use and consequence marts hold population ALL only (their questions are asked of all
-- employers); a second population would break their primary key test.
from_facts as (

    select
        edition,
        survey_year,
        population_code,
        sector_code,
        size_class_code,
        question_code,
        answer_code,
        share_pct
    from facts

),

only_in_facts as (

    select * from from_facts
    except
    select * from from_marts

),

only_in_marts as (

    select * from from_marts
    except
    select * from from_facts

)

select
    'missing from the analysis marts' as problem,
    edition,
    survey_year,
    population_code,
    sector_code,
    size_class_code,
    question_code,
    answer_code,
    share_pct
from only_in_facts
union all
select
    'not in the fact table' as problem,
    edition,
    survey_year,
    population_code,
    sector_code,
    size_class_code,
    question_code,
    answer_code,
    share_pct
from only_in_marts
