-- Figure 10 (appendix table), 2025: the consequences of AI that all employers expect over the
-- next five years, per size class and per sector (several answers allowed, so a row does not
-- add up to 100). Its total row is figure 4's 2025 series; figure 5 picks sectors from it.
-- Printed layout: one row per printed row, in printed order; one column per printed column
-- (stub header 'Gevolgen AI in komende 5 jaar'):
--   training_needs_change_pct = 'scholingsbehoeftes zullen veranderen'
--   other_skills_needed_pct   = 'andere vaardigheden nodig zijn bij medewerkers'
--   jobs_change_strongly_pct  = 'functies sterk zullen veranderen'
--   shortages_reduced_pct     = 'personeelstekorten worden voorkómen of verminderd'
--   new_jobs_pct              = 'nieuwe banen zullen bijkomen'
--   jobs_lost_pct             = 'banen zullen verdwijnen'
-- The table lists the sectors in SBI order except that 'Overige dienstverlening, cultuur, sport
-- en recreatie' comes before 'Sociaal werk, jeugdzorg en kinderopvang', the reverse of the
-- sector sort order (figure 15's), so printed_row_order comes from the printed cells.
-- Source: mart_ai_consequences, survey year 2025, edition 2025.
-- Quality: flags are per cell in the mart and per row here (the first flag of the row's cells in
-- the code list's order, number_in_doubt if any cell's number is in doubt;
-- flagged_consequence_codes says which cells carry a flag). RULE_EDGE_CASE: claim C084, the figure
-- 5 box names specialised business services for changing training needs although 59% is exactly 10
-- points above the total, not more, as its own rule asks; its training-needs cells and those of the
-- other sectors named in the box are flagged. The total row carries claims C064 and C067 (see
-- fig04).
with

consequences as (

    select * from {{ ref('mart_ai_consequences') }}
    where edition = 2025 and survey_year = 2025

),

printed_cells as (

    select * from {{ ref('publication_cells') }}
    where edition = 2025 and figure = 10

),

printed_rows as (

    select
        sector_code,
        size_class_code,
        min(source_line) as printed_row_order
    from printed_cells
    group by sector_code, size_class_code

),

table_rows as (

    select
        sector_code,
        size_class_code,
        -- A size-class row is labelled by its size class, every other row by its sector.
        any_value(
            case when sector_code = '_T' then size_class_label_nl else sector_label_nl end
        ) as row_label_nl,
        any_value(
            case when sector_code = '_T' then size_class_label_en else sector_label_en end
        ) as row_label_en,
        any_value(share_pct) filter (where consequence_code = 'TRAINING_NEEDS_CHANGE')
            as training_needs_change_pct,
        any_value(share_pct) filter (where consequence_code = 'OTHER_SKILLS_NEEDED')
            as other_skills_needed_pct,
        any_value(share_pct) filter (where consequence_code = 'JOBS_CHANGE_STRONGLY')
            as jobs_change_strongly_pct,
        any_value(share_pct) filter (where consequence_code = 'SHORTAGES_REDUCED')
            as shortages_reduced_pct,
        any_value(share_pct) filter (where consequence_code = 'NEW_JOBS') as new_jobs_pct,
        any_value(share_pct) filter (where consequence_code = 'JOBS_LOST') as jobs_lost_pct,
        {{ first_quality_flag('list(quality_flag)') }} as quality_flag,
        bool_or(number_in_doubt) as number_in_doubt,
        string_agg(consequence_code, ', ' order by consequence_sort_order)
        filter (where quality_flag is not null) as flagged_consequence_codes,
        -- Each claim once, though it may flag several cells of the row.
        array_to_string(list_sort(list_distinct(flatten(
            list(string_split(discrepancy_claim_ids, ', '))
            filter (where discrepancy_claim_ids is not null)
        ))), ', ') as discrepancy_claim_ids,
        any_value(sector_sort_order) as sector_sort_order,
        any_value(size_class_sort_order) as size_class_sort_order
    from consequences
    group by sector_code, size_class_code

),

final as (

    select
        table_rows.row_label_nl,
        table_rows.row_label_en,
        table_rows.sector_code,
        table_rows.size_class_code,
        table_rows.training_needs_change_pct,
        table_rows.other_skills_needed_pct,
        table_rows.jobs_change_strongly_pct,
        table_rows.shortages_reduced_pct,
        table_rows.new_jobs_pct,
        table_rows.jobs_lost_pct,
        printed_rows.printed_row_order,
        table_rows.quality_flag,
        table_rows.number_in_doubt,
        table_rows.flagged_consequence_codes,
        table_rows.discrepancy_claim_ids,
        table_rows.sector_sort_order,
        table_rows.size_class_sort_order
    from table_rows
    left join printed_rows
        on
            table_rows.sector_code = printed_rows.sector_code
            and table_rows.size_class_code = printed_rows.size_class_code

)

select * from final
order by printed_row_order, sector_sort_order, size_class_sort_order
