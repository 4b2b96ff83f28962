-- Figure 4 (bar chart with data labels): the consequences of AI that all employers expect over
-- the next five years, autumn 2025 next to autumn 2024 (the question was asked for the national
-- total only in 2024). The 2025 bars are figure 10's total row.
-- One row per pair of bars (consequence, in printed order), one column per series:
-- share_2025_pct = legend '2025', share_2024_pct = legend '2024'; change_pp is 2025 minus 2024.
-- Source: mart_ai_consequences, sector and size class '_T', edition 2025.
-- Quality: 'nieuwe banen zullen bijkomen' carries flag OTHER_VALUE_IN_TEXT (claim C067), which puts
-- the number in doubt: the text gives 10% for 2024 where the chart prints 11%. The 2025 shares of
-- the first two consequences carry LOOSE_WORDING (claim C064), which does not: the text calls the
-- two groups nearly equal in a way that makes the first the smaller one, while it is printed larger
-- (49% against 45%).
with

consequences as (

    select * from {{ ref('mart_ai_consequences') }}
    where edition = 2025 and sector_code = '_T' and size_class_code = '_T'

),

this_year as (

    select * from consequences
    where survey_year = 2025

),

previous_year as (

    select * from consequences
    where survey_year = 2024

),

paired as (

    select
        this_year.consequence_label_nl,
        this_year.consequence_label_en,
        this_year.consequence_code,
        this_year.share_pct as share_2025_pct,
        previous_year.share_pct as share_2024_pct,
        this_year.consequence_sort_order,
        this_year.share_pct - previous_year.share_pct as change_pp,
        {{ first_quality_flag('[this_year.quality_flag, previous_year.quality_flag]') }}
            as quality_flag,
        this_year.number_in_doubt or previous_year.number_in_doubt as number_in_doubt,
        -- The claims of both years, each once.
        nullif(array_to_string(list_sort(list_distinct(string_split(
            concat_ws(', ', this_year.discrepancy_claim_ids, previous_year.discrepancy_claim_ids),
            ', '
        ))), ', '), '') as discrepancy_claim_ids
    from this_year
    inner join previous_year
        on this_year.consequence_code = previous_year.consequence_code

),

final as (

    select
        consequence_label_nl,
        consequence_label_en,
        consequence_code,
        share_2025_pct,
        share_2024_pct,
        change_pp,
        quality_flag,
        number_in_doubt,
        discrepancy_claim_ids,
        consequence_sort_order
    from paired

)

select * from final
order by consequence_sort_order
