-- Figure 12 (appendix table), 2025: the measures employers take to guide employees in their
-- current use of AI or prepare them for future use, as shares of the employers that do either,
-- per size class and per sector (several answers allowed). Its total row is figure 7.
-- Printed layout: one row per printed row, in printed order; one column per printed column
-- (stub header 'Maatregelen om te begeleiden of voor te bereiden'):
--   peer_learning_pct = 'Werknemers van elkaar laten leren over AI'
--   experimenting_pct = 'Werknemers stimuleren om zelf te gaan experimenteren met AI'
--   guidelines_pct    = 'Richtlijnen of afspraken opstellen over het gebruik van AI'
--   training_pct      = 'Aanbieden van trainingen en cursussen over AI'
--   pilots_pct        = 'Pilotprojecten om het gebruik van AI te testen'
--   other_pct         = 'Anders'
-- The table lists the sectors in SBI order except that 'Overige dienstverlening, cultuur, sport
-- en recreatie' comes before 'Sociaal werk, jeugdzorg en kinderopvang', the reverse of the
-- sector sort order (figure 15's), so printed_row_order comes from the printed cells.
-- Source: mart_ai_support_measures, population GUIDE_OR_PREPARE, survey year 2025, edition 2025.
-- Quality: flags are per cell in the mart and per row here (the first flag of the row's cells in
-- the code list's order, number_in_doubt if any cell's number is in doubt; flagged_measure_codes
-- says which cells carry a flag). RANKING_IN_TEXT, claim C149: the text names information and
-- communication, rental and other business services and health care as the sectors where pilots are
-- most common, but finance (72%) is printed above the latter two; the pilot cells of the three
-- named sectors are flagged.
with

measures as (

    select * from {{ ref('mart_ai_support_measures') }}
    where edition = 2025 and survey_year = 2025 and population_code = 'GUIDE_OR_PREPARE'

),

printed_cells as (

    select * from {{ ref('publication_cells') }}
    where edition = 2025 and figure = 12

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
        any_value(share_pct) filter (where measure_code = 'PEER_LEARNING') as peer_learning_pct,
        any_value(share_pct) filter (where measure_code = 'EXPERIMENTING') as experimenting_pct,
        any_value(share_pct) filter (where measure_code = 'GUIDELINES') as guidelines_pct,
        any_value(share_pct) filter (where measure_code = 'TRAINING') as training_pct,
        any_value(share_pct) filter (where measure_code = 'PILOTS') as pilots_pct,
        any_value(share_pct) filter (where measure_code = 'OTHER') as other_pct,
        {{ first_quality_flag('list(quality_flag)') }} as quality_flag,
        bool_or(number_in_doubt) as number_in_doubt,
        string_agg(measure_code, ', ' order by measure_sort_order)
        filter (where quality_flag is not null) as flagged_measure_codes,
        -- Each claim once, though it may flag several cells of the row.
        array_to_string(list_sort(list_distinct(flatten(
            list(string_split(discrepancy_claim_ids, ', '))
            filter (where discrepancy_claim_ids is not null)
        ))), ', ') as discrepancy_claim_ids,
        any_value(sector_sort_order) as sector_sort_order,
        any_value(size_class_sort_order) as size_class_sort_order
    from measures
    group by sector_code, size_class_code

),

final as (

    select
        table_rows.row_label_nl,
        table_rows.row_label_en,
        table_rows.sector_code,
        table_rows.size_class_code,
        table_rows.peer_learning_pct,
        table_rows.experimenting_pct,
        table_rows.guidelines_pct,
        table_rows.training_pct,
        table_rows.pilots_pct,
        table_rows.other_pct,
        printed_rows.printed_row_order,
        table_rows.quality_flag,
        table_rows.number_in_doubt,
        table_rows.flagged_measure_codes,
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
