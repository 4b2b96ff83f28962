{#- Current (AI_USE_NOW) and expected (AI_USE_5Y) use of AI, one row per group with the four
    printed answers side by side and "any use": in reasonable or in (very) high measure. Any use
    adds two rounded printed shares, so it can differ by a point from a share the publication
    rounded once. A row's status is the highest non-normal status code among its four
    observations ('A' if all are normal); its quality flag is the first of their flags in the
    code list's order (those doubting a number first), and its claim ids gather those of all
    four. The shared input of the two use marts;
    ephemeral: it has no table of its own. -#}
{{ config(materialized='ephemeral') }}

with

observations as (

    select * from {{ ref('mart_analysis_observations') }}
    where question_code in ('AI_USE_NOW', 'AI_USE_5Y')

),

levels as (

    select
        observations.edition,
        observations.survey_year,
        observations.population_code,
        observations.sector_code,
        observations.sector_label_nl,
        observations.sector_label_en,
        observations.sector_sort_order,
        observations.size_class_code,
        observations.size_class_label_nl,
        observations.size_class_label_en,
        observations.size_class_sort_order,
        observations.question_code,
        any_value(observations.share_pct) filter (where observations.answer_code = 'HIGH')
            as high_pct,
        any_value(observations.share_pct) filter (where observations.answer_code = 'REASONABLE')
            as reasonable_pct,
        any_value(observations.share_pct) filter (where observations.answer_code = 'HARDLY')
            as hardly_pct,
        any_value(observations.share_pct) filter (where observations.answer_code = 'NOT_AT_ALL')
            as not_at_all_pct,
        {{ aggregated_quality('observations') }}
    from observations
    group by all

),

final as (

    select
        *,
        high_pct + reasonable_pct as any_use_pct
    from levels

)

select * from final
