{#- Current use of AI next to the use expected in five years, by sector and size class, from the
    same survey year (figures 3 and 14; figure 14 prints no numbers of its own). One row per group
    with an expected use; its current use is empty where the edition did not print it. -#}
with

levels as (

    select * from {{ ref('mart_ai_use_levels') }}

),

current_use as (

    select * from levels
    where question_code = 'AI_USE_NOW'

),

expected_use as (

    select * from levels
    where question_code = 'AI_USE_5Y'

),

groups as (

    select distinct
        edition,
        survey_year,
        population_code,
        sector_code,
        sector_label_nl,
        sector_label_en,
        size_class_code,
        size_class_label_nl,
        size_class_label_en,
        sector_sort_order,
        size_class_sort_order
    from expected_use

),

final as (

    select
        groups.edition,
        groups.survey_year,
        groups.sector_code,
        groups.sector_label_nl,
        groups.sector_label_en,
        groups.size_class_code,
        groups.size_class_label_nl,
        groups.size_class_label_en,
        groups.sector_sort_order,
        groups.size_class_sort_order,
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
        coalesce(
            greatest(current_use.obs_status, expected_use.obs_status),
            current_use.obs_status,
            expected_use.obs_status
        ) as obs_status,
        {{ first_quality_flag('[current_use.quality_flag, expected_use.quality_flag]') }}
            as quality_flag,
        coalesce(current_use.number_in_doubt or expected_use.number_in_doubt, false)
            as number_in_doubt,
        {{ sorted_claim_ids(
            "concat_ws(', ', current_use.discrepancy_claim_ids, expected_use.discrepancy_claim_ids)"
        ) }} as discrepancy_claim_ids
    from groups
    left join current_use
        on
            groups.edition = current_use.edition
            and groups.survey_year = current_use.survey_year
            and groups.population_code = current_use.population_code
            and groups.sector_code = current_use.sector_code
            and groups.size_class_code = current_use.size_class_code
    left join expected_use
        on
            groups.edition = expected_use.edition
            and groups.survey_year = expected_use.survey_year
            and groups.population_code = expected_use.population_code
            and groups.sector_code = expected_use.sector_code
            and groups.size_class_code = expected_use.size_class_code

)

select * from final
order by edition, survey_year, sector_sort_order, size_class_sort_order
