-- Figure 1 (chart, no numbers printed in the text): how much AI all employers use for their
-- work, autumn 2024 next to autumn 2025, as the chart's two stacked bars. The title's measure
-- is any_use_pct: use to a reasonable or (very) high extent.
-- One row per bar (survey year, 2024 first), one column per segment:
--   high_pct = 'In (zeer) hoge mate', reasonable_pct = 'In redelijke mate',
--   hardly_pct = 'Nauwelijks', not_at_all_pct = 'Helemaal niet'.
-- Source: mart_ai_use_current, national total (sector and size class '_T'), edition 2025.
-- Quality: both years carry flag LOOSE_WORDING (claim C002), which does not put the numbers in
-- doubt (number_in_doubt false): the summary calls the fall in non-use from 60% to 34% a
-- halving, which is a ratio of 0.57. any_use_pct adds two
-- rounded shares, so it may differ by a point from a share rounded once.
with

current_use as (

    select * from {{ ref('mart_ai_use_current') }}
    where edition = 2025

),

final as (

    select
        survey_year,
        sector_label_nl as row_label_nl,
        sector_label_en as row_label_en,
        sector_code,
        size_class_code,
        high_pct,
        reasonable_pct,
        hardly_pct,
        not_at_all_pct,
        any_use_pct,
        any_use_change_pp,
        not_at_all_change_pp,
        quality_flag,
        number_in_doubt,
        discrepancy_claim_ids
    from current_use
    where sector_code = '_T' and size_class_code = '_T'

)

select * from final
order by survey_year
