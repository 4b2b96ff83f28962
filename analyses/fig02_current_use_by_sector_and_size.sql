-- Figure 2 (chart, no numbers printed in the text): how much AI employers use today (2025), for
-- all employers, per size class and per sector. Figure 8 prints the same numbers, next to 2024.
-- One row per bar, one column per segment: high_pct = 'In (zeer) hoge mate',
-- reasonable_pct = 'In redelijke mate', hardly_pct = 'Nauwelijks',
-- not_at_all_pct = 'Helemaal niet'; any_use_pct is reasonable or (very) high use together.
-- Rows: the total, the three size classes, then the fifteen sectors in SBI order (the mart's
-- sort orders); the chart's own bar order did not survive the text extraction.
-- Source: mart_ai_use_current, survey year 2025, edition 2025.
-- Quality: many sector rows carry flag ROWS_MISPLACED, which puts their numbers in doubt
-- (number_in_doubt; see discrepancy_claim_ids): the running text quotes 2025 high-use shares for
-- specialised business services, finance and public administration (16%, 13%, 5%) that figure 8
-- prints on other sectors' rows, and describes retail and social work as low users where the table
-- does not. any_use_pct adds two rounded shares.
with

current_use as (

    select * from {{ ref('mart_ai_use_current') }}
    where edition = 2025 and survey_year = 2025

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
    from current_use

),

final as (

    select
        row_label_nl,
        row_label_en,
        sector_code,
        size_class_code,
        high_pct,
        reasonable_pct,
        hardly_pct,
        not_at_all_pct,
        any_use_pct,
        quality_flag,
        number_in_doubt,
        discrepancy_claim_ids,
        sector_sort_order,
        size_class_sort_order
    from labelled

)

select * from final
order by sector_sort_order, size_class_sort_order
