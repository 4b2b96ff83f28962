-- Figure 13 (appendix table), 2025: the measures to guide or prepare employees for AI, for all
-- employers that do either, split into employers that use AI now and guide their employees and
-- employers that prepare their employees for future use (several answers allowed).
-- Printed layout: one row per printed row (measure, in printed order); one column per printed
-- column, each a population:
--   total_pct     = 'Totaal' (population GUIDE_OR_PREPARE, figure 7's bars)
--   guiding_pct   = 'Werkgevers die hun werknemers begeleiden bij het huidige gebruik van AI'
--   preparing_pct = 'Werkgevers die hun werknemers voorbereiden op het toekomstige gebruik van AI'
-- 'Anders' is not printed in this table (nor asked of the two groups), so it has no row.
-- Source: mart_ai_support_measures, national total (sector and size class '_T'), 2025,
-- edition 2025.
-- Quality: every cell of the two group columns carries flag LOOSE_WORDING (claim C133), not a
-- doubt about the numbers:
-- the text calls the differences between the two groups small, while they are 7 to 20 points.
with

measures as (

    select * from {{ ref('mart_ai_support_measures') }}
    where
        edition = 2025
        and survey_year = 2025
        and sector_code = '_T'
        and size_class_code = '_T'

),

all_guiding_or_preparing as (

    select * from measures
    where population_code = 'GUIDE_OR_PREPARE'

),

guiding as (

    select * from measures
    where population_code = 'GUIDING'

),

preparing as (

    select * from measures
    where population_code = 'PREPARING'

),

final as (

    select
        all_guiding_or_preparing.measure_label_nl,
        all_guiding_or_preparing.measure_label_en,
        all_guiding_or_preparing.measure_code,
        all_guiding_or_preparing.share_pct as total_pct,
        guiding.share_pct as guiding_pct,
        preparing.share_pct as preparing_pct,
        all_guiding_or_preparing.measure_sort_order,
        {{ first_quality_flag(
            '[all_guiding_or_preparing.quality_flag, guiding.quality_flag, preparing.quality_flag]'
        ) }} as quality_flag,
        all_guiding_or_preparing.number_in_doubt
        or guiding.number_in_doubt
        or preparing.number_in_doubt as number_in_doubt,
        -- The claims of the three cells, each once.
        nullif(array_to_string(list_sort(list_distinct(string_split(concat_ws(
            ', ',
            all_guiding_or_preparing.discrepancy_claim_ids,
            guiding.discrepancy_claim_ids,
            preparing.discrepancy_claim_ids
        ), ', '))), ', '), '') as discrepancy_claim_ids
    from all_guiding_or_preparing
    inner join guiding
        on all_guiding_or_preparing.measure_code = guiding.measure_code
    inner join preparing
        on all_guiding_or_preparing.measure_code = preparing.measure_code

)

select * from final
order by measure_sort_order
