{#- Current use of AI next to the use expected in five years, by sector and size class, from the
    same survey year (figures 3 and 14; figure 14 prints no numbers of its own). -#}
with

levels as (

    select * from {{ ref('int_ai_use_levels') }}

),

current_use as (

    select * from levels
    where question_code = 'AI_USE_NOW'

),

expected_use as (

    select * from levels
    where question_code = 'AI_USE_5Y'

),

final as (

    select
        current_use.edition,
        current_use.survey_year,
        current_use.sector_code,
        current_use.sector_label_nl,
        current_use.sector_label_en,
        current_use.size_class_code,
        current_use.size_class_label_nl,
        current_use.size_class_label_en,
        current_use.sector_sort_order,
        current_use.size_class_sort_order,
        current_use.quality_flag as current_quality_flag,
        expected_use.quality_flag as expected_quality_flag,
        current_use.high_pct as current_high_pct,
        current_use.reasonable_pct as current_reasonable_pct,
        current_use.hardly_pct as current_hardly_pct,
        current_use.not_at_all_pct as current_not_at_all_pct,
        current_use.any_use_pct as current_any_use_pct,
        expected_use.high_pct as expected_high_pct,
        expected_use.reasonable_pct as expected_reasonable_pct,
        expected_use.hardly_pct as expected_hardly_pct,
        expected_use.not_at_all_pct as expected_not_at_all_pct,
        expected_use.any_use_pct as expected_any_use_pct,
        expected_use.high_pct - current_use.high_pct as high_change_pp,
        expected_use.any_use_pct - current_use.any_use_pct as any_use_change_pp,
        expected_use.not_at_all_pct - current_use.not_at_all_pct as not_at_all_change_pp,
        -- Statuses are ordered codes ('A' normal first): the least normal of the two wins.
        greatest(current_use.obs_status, expected_use.obs_status) as obs_status,
        coalesce(current_use.quality_flag, expected_use.quality_flag) as quality_flag,
        nullif(concat_ws(
            ', ', current_use.discrepancy_claim_ids, expected_use.discrepancy_claim_ids
        ), '') as discrepancy_claim_ids
    from current_use
    inner join expected_use
        on
            current_use.edition = expected_use.edition
            and current_use.survey_year = expected_use.survey_year
            and current_use.population_code = expected_use.population_code
            and current_use.sector_code = expected_use.sector_code
            and current_use.size_class_code = expected_use.size_class_code

)

select * from final
order by edition, survey_year, sector_sort_order, size_class_sort_order
