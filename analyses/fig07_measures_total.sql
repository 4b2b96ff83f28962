-- Figure 7 (bar chart with data labels), 2025: the measures employers take to guide employees
-- in their current use of AI or prepare them for future use, as shares of the employers that
-- do either (the chart's subtitle, its only column header). Figure 12 prints the same numbers
-- as its total row and figure 13 as its 'Totaal' column.
-- One row per bar, in printed order (highest first, 'Anders' last); share_pct is the bar.
-- Source: mart_ai_support_measures, population GUIDE_OR_PREPARE, sector and size class '_T',
-- edition 2025.
-- Quality: no number here carries a quality flag. The bar 'Werknemers stimuleren om zelf
-- te gaan experimenteren met AI' (79%) is missing from the text extraction of the chart; the
-- warehouse takes it from the running text, and it equals figure 12's total row.
with

measures as (

    select * from {{ ref('mart_ai_support_measures') }}
    where
        edition = 2025
        and population_code = 'GUIDE_OR_PREPARE'
        and sector_code = '_T'
        and size_class_code = '_T'

),

final as (

    select
        measure_label_nl,
        measure_label_en,
        measure_code,
        population_label_nl,
        population_label_en,
        share_pct,
        quality_flag,
        number_in_doubt,
        discrepancy_claim_ids,
        measure_sort_order
    from measures

)

select * from final
order by measure_sort_order
