-- Unpivoting the analysis marts gives back exactly the fact table's observations of their
-- questions: no share lost, none changed, none invented. Rows returned are differences.
{#- The wide use marts: (mart, question, column prefix) of each side they print. The use and
    consequence marts hold population ALL only (their questions are asked of all employers);
    a second population would break their primary key test. -#}
{%- set use_sides = [
    ('mart_ai_use_current', 'AI_USE_NOW', ''),
    ('mart_ai_use_current_vs_expected', 'AI_USE_NOW', 'current_'),
    ('mart_ai_use_current_vs_expected', 'AI_USE_5Y', 'expected_'),
] -%}
{%- set use_answers = {
    'HIGH': 'high_pct',
    'REASONABLE': 'reasonable_pct',
    'HARDLY': 'hardly_pct',
    'NOT_AT_ALL': 'not_at_all_pct',
} -%}
{%- set key = observation_key_columns() + ['share_pct'] %}

with

from_marts as (

    {% for mart, question, prefix in use_sides %}
    {% for answer, column in use_answers.items() %}
    select
        edition,
        survey_year,
        'ALL' as population_code,
        sector_code,
        size_class_code,
        '{{ question }}' as question_code,
        '{{ answer }}' as answer_code,
        {{ prefix }}{{ column }} as share_pct
    from {{ ref(mart) }}
    -- An empty side of a comparison (not printed by that edition) is no observation.
    where {{ prefix }}{{ column }} is not null
    union all
    {% endfor %}
    {% endfor %}
    {% for answer in ['YES', 'NO'] %}
    select
        edition,
        survey_year,
        population_code,
        sector_code,
        size_class_code,
        question_code,
        '{{ answer }}' as answer_code,
        {{ answer | lower }}_pct as share_pct
    from {{ ref('mart_ai_guidance') }}
    union all
    {% endfor %}
    select
        edition,
        survey_year,
        'ALL' as population_code,
        sector_code,
        size_class_code,
        'AI_IMPACT_5Y' as question_code,
        consequence_code as answer_code,
        share_pct
    from {{ ref('mart_ai_consequences') }}
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
    from {{ ref('mart_ai_support_measures') }}

),

from_facts as (

    select
        {{ key | join(',\n        ') }}
    from {{ ref('fct_survey_share') }}

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
    {{ key | join(',\n    ') }}
from only_in_facts
union all
select
    'not in the fact table' as problem,
    {{ key | join(',\n    ') }}
from only_in_marts
