-- Figure 14 (appendix chart, no numbers printed in the text): per sector, how much AI employers
-- use today next to how much they expect to use five years from now, both asked in 2025. It
-- combines the 2025 half of figure 8 with figure 9; the text reads from it where high use
-- rises most.
-- One row per sector (the total first, then the fifteen sectors in the sector sort order; the
-- chart's own order did not survive the text extraction; size classes are not part of it),
-- one column per segment of each of the two bars:
--   current_* = today, expected_* = in five years; *_high_pct = 'In (zeer) hoge mate',
--   *_reasonable_pct = 'In redelijke mate', *_hardly_pct = 'Nauwelijks',
--   *_not_at_all_pct = 'Helemaal niet', *_any_use_pct = reasonable or (very) high together.
-- high_change_pp and any_use_change_pp are expected minus current.
-- Source: mart_ai_use_current_vs_expected, survey year 2025, edition 2025.
-- Quality: quality_flag (the first of the two in the code list's order) and number_in_doubt
-- cover both bars of the row. Claim C057 ranks public administration,
-- finance and education as the largest risers in high use; by these numbers the rise is
-- largest for finance (+41), public administration (+38) and specialised business services
-- (+35), with education sixth (+21). The current-use flags are those of figure 8 (see fig08).
-- any_use_pct adds two rounded shares.
with

current_vs_expected as (

    select * from {{ ref('mart_ai_use_current_vs_expected') }}
    where edition = 2025 and survey_year = 2025 and size_class_code = '_T'

),

final as (

    select
        sector_label_nl,
        sector_label_en,
        sector_code,
        current_high_pct,
        current_reasonable_pct,
        current_hardly_pct,
        current_not_at_all_pct,
        current_any_use_pct,
        expected_high_pct,
        expected_reasonable_pct,
        expected_hardly_pct,
        expected_not_at_all_pct,
        expected_any_use_pct,
        high_change_pp,
        any_use_change_pp,
        quality_flag,
        number_in_doubt,
        discrepancy_claim_ids,
        sector_sort_order
    from current_vs_expected

)

select * from final
order by sector_sort_order
