{#- Current (AI_USE_NOW) and expected (AI_USE_5Y) use of AI, one row per group with the four
    printed answers side by side and "any use": in reasonable or in (very) high measure. Any use
    adds two rounded printed shares, so it can differ by a point from a share the publication
    rounded once. A row's status is the highest non-normal status code among its four
    observations ('A' if all are normal); its quality flag and claim ids gather those of all four. The shared input of the two use marts;
    ephemeral: it has no table of its own. -#}
{{ config(materialized='ephemeral') }}

with

observations as (

    select * from {{ ref('mart_analysis_observations') }}
    where question_code in ('AI_USE_NOW', 'AI_USE_5Y')

),

levels as (

    select
        edition,
        survey_year,
        population_code,
        sector_code,
        sector_label_nl,
        sector_label_en,
        sector_sort_order,
        size_class_code,
        size_class_label_nl,
        size_class_label_en,
        size_class_sort_order,
        question_code,
        any_value(share_pct) filter (where answer_code = 'HIGH') as high_pct,
        any_value(share_pct) filter (where answer_code = 'REASONABLE') as reasonable_pct,
        any_value(share_pct) filter (where answer_code = 'HARDLY') as hardly_pct,
        any_value(share_pct) filter (where answer_code = 'NOT_AT_ALL') as not_at_all_pct,
        coalesce(max(obs_status) filter (where obs_status != 'A'), 'A') as obs_status,
        max(quality_flag) as quality_flag,
        {{ sorted_claim_ids("string_agg(discrepancy_claim_ids, ', ')") }}
            as discrepancy_claim_ids
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
