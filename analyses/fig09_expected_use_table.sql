-- Figure 9 (appendix table), 2025: how much AI employers expect to use for their work five
-- years from now, for all employers, per size class and per sector. Figure 3 is its chart.
-- Printed layout: one row per printed row, in printed order (the total, the three size classes,
-- then the sectors by their share 'In (zeer) hoge mate', highest first); one column per printed
-- column: high_pct = 'In (zeer) hoge mate', reasonable_pct = 'In redelijke mate',
-- hardly_pct = 'Nauwelijks', not_at_all_pct = 'Helemaal niet'. The stub header is
-- 'Toekomstig gebruik AI'.
-- The sector order follows unrounded shares (27% and 27% are not decided by the printed
-- numbers), so printed_row_order comes from the printed cells (publication_cells).
-- Source: the expected_* columns of mart_ai_use_current_vs_expected, edition 2025.
-- Quality: the high-use shares of finance, public administration and education carry flag
-- RANKING_IN_TEXT (claim C057, not a doubt about the numbers: a ranking of the rise from current to
-- expected high use that the tables do not bear out). The mart's row flag also covers current use,
-- so quality_flag and discrepancy_claim_ids here are those of the expected-use observations only,
-- from fct_survey_share and quality.observation_flags.
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

printed_cells as (

    select * from {{ ref('publication_cells') }}
    where edition = 2025 and figure = 9

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

printed_rows as (

    select
        sector_code,
        size_class_code,
        min(source_line) as printed_row_order
    from printed_cells
    group by sector_code, size_class_code

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
        printed_rows.printed_row_order,
        expected_flags.quality_flag,
        expected_flags.number_in_doubt,
        expected_flags.discrepancy_claim_ids
    from labelled
    inner join expected_flags
        on
            labelled.sector_code = expected_flags.sector_code
            and labelled.size_class_code = expected_flags.size_class_code
    left join printed_rows
        on
            labelled.sector_code = printed_rows.sector_code
            and labelled.size_class_code = printed_rows.size_class_code

)

select * from final
order by printed_row_order
