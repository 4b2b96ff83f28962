-- Figure 3 (chart, no numbers printed in the text): how much AI employers expect to use five
-- years from now (asked in 2025), for all employers, per size class and per sector. Figure 9
-- prints the same numbers as a table.
-- One row per bar, one column per segment: high_pct = 'In (zeer) hoge mate',
-- reasonable_pct = 'In redelijke mate', hardly_pct = 'Nauwelijks',
-- not_at_all_pct = 'Helemaal niet'; any_use_pct is reasonable or (very) high use together.
-- Rows: the total, the three size classes, then the fifteen sectors in SBI order (the mart's
-- sort orders); the chart's own bar order did not survive the text extraction.
-- Source: the expected_* columns of mart_ai_use_current_vs_expected, 2025, edition 2025.
-- Quality: finance, public administration and education carry flag RANKING_IN_TEXT (claim C057), a
-- finding about the text, not the numbers: the text ranks them as the sectors where high use rises
-- most, while figures 8 and 9 put specialised business services ahead of education. The mart's own
-- row flag also covers the current-use numbers of the row (figure 14 shows both); here quality_flag
-- and discrepancy_claim_ids are those of the expected-use observations only, from
-- quality.observation_flags. any_use_pct adds two rounded shares.
with

current_vs_expected as (

    select * from {{ ref('mart_ai_use_current_vs_expected') }}
    where edition = 2025 and survey_year = 2025

),

shares as (

    select * from {{ ref('fct_survey_share') }}
    where
        edition = 2025
        and survey_year = 2025
        and population_code = 'ALL'
        and question_code = 'AI_USE_5Y'

),

flags as (

    select * from {{ ref('observation_flags') }}

),

expected_flags as (

    select
        shares.sector_code,
        shares.size_class_code,
        {{ first_quality_flag('list(flags.quality_flag)') }} as quality_flag,
        coalesce(bool_or(flags.number_in_doubt), false) as number_in_doubt,
        string_agg(
            distinct flags.discrepancy_claim_ids, ', ' order by flags.discrepancy_claim_ids
        ) as discrepancy_claim_ids
    from shares
    left join flags
        on {{ join_on_observation_key('shares', 'flags') }}
    group by shares.sector_code, shares.size_class_code

),

labelled as (

    -- A size-class row is labelled by its size class, every other row by its sector.
    select
        *,
        case
            when sector_code = '_T' then size_class_label_nl else sector_label_nl
        end as row_label_nl,
        case
            when sector_code = '_T' then size_class_label_en else sector_label_en
        end as row_label_en
    from current_vs_expected

),

final as (

    select
        labelled.row_label_nl,
        labelled.row_label_en,
        labelled.sector_code,
        labelled.size_class_code,
        labelled.expected_high_pct as high_pct,
        labelled.expected_reasonable_pct as reasonable_pct,
        labelled.expected_hardly_pct as hardly_pct,
        labelled.expected_not_at_all_pct as not_at_all_pct,
        labelled.expected_any_use_pct as any_use_pct,
        expected_flags.quality_flag,
        expected_flags.number_in_doubt,
        expected_flags.discrepancy_claim_ids,
        labelled.sector_sort_order,
        labelled.size_class_sort_order
    from labelled
    inner join expected_flags
        on
            labelled.sector_code = expected_flags.sector_code
            and labelled.size_class_code = expected_flags.size_class_code

)

select * from final
order by sector_sort_order, size_class_sort_order
