{#- Current use of AI by sector and size class (figures 1, 2 and 8): the four answers, any use,
    and the change in percentage points since the previous survey year of the same edition. -#}
with

levels as (

    select * from {{ ref('mart_ai_use_levels') }}
    where question_code = 'AI_USE_NOW'

),

final as (

    select
        edition,
        survey_year,
        sector_code,
        sector_label_nl,
        sector_label_en,
        size_class_code,
        size_class_label_nl,
        size_class_label_en,
        high_pct,
        reasonable_pct,
        hardly_pct,
        not_at_all_pct,
        any_use_pct,
        obs_status,
        quality_flag,
        number_in_doubt,
        discrepancy_claim_ids,
        sector_sort_order,
        size_class_sort_order,
        lag(survey_year) over by_group as previous_survey_year,
        any_use_pct - lag(any_use_pct) over by_group as any_use_change_pp,
        high_pct - lag(high_pct) over by_group as high_change_pp,
        reasonable_pct - lag(reasonable_pct) over by_group as reasonable_change_pp,
        hardly_pct - lag(hardly_pct) over by_group as hardly_change_pp,
        not_at_all_pct - lag(not_at_all_pct) over by_group as not_at_all_change_pp
    from levels
    window by_group as (
        partition by edition, population_code, sector_code, size_class_code
        order by survey_year
    )

)

select * from final
order by edition, survey_year, sector_sort_order, size_class_sort_order
