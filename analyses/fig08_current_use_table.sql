-- Figure 8 (appendix table): how much AI employers use for their work today, autumn 2025 and
-- autumn 2024, for all employers, per size class and per sector.
-- Printed layout: one row per printed row, in printed order (the total, the three size classes,
-- then the sectors by their 2025 share 'In (zeer) hoge mate', highest first); one column per
-- printed column, 2025 block first:
--   high_2025_pct / high_2024_pct             = 'In (zeer) hoge mate'
--   reasonable_2025_pct / reasonable_2024_pct = 'In redelijke mate'
--   hardly_2025_pct / hardly_2024_pct         = 'Nauwelijks'
--   not_at_all_2025_pct / not_at_all_2024_pct = 'Helemaal niet'
-- The sector order follows unrounded shares (ties such as 7% and 7% are not decided by the
-- printed numbers), so printed_row_order comes from the printed cells (publication_cells).
-- Source: mart_ai_use_current, edition 2025, survey years 2025 and 2024.
-- Quality: this table has the most flags, ROWS_MISPLACED, which puts the numbers of those rows
-- in doubt (number_in_doubt; see discrepancy_claim_ids).
-- The running text quotes 2025 high-use shares for specialised business services (16%),
-- finance (13%) and public administration (5%) that are printed on the rows Onderwijs,
-- Vervoer en opslag and Industrie, ranks those sectors among the leaders and fastest risers,
-- and calls retail and social work low users where the table prints average or higher use.
-- The flags sit on the row (for either year); the shares are printed as they are.
with

current_use as (

    select * from {{ ref('mart_ai_use_current') }}
    where edition = 2025

),

printed_cells as (

    select * from {{ ref('publication_cells') }}
    where edition = 2025 and figure = 8

),

printed_rows as (

    select
        sector_code,
        size_class_code,
        min(source_line) as printed_row_order
    from printed_cells
    group by sector_code, size_class_code

),

this_year as (

    select
        *,
        case
            when sector_code = '_T' then size_class_label_nl else sector_label_nl
        end as row_label_nl,
        case
            when sector_code = '_T' then size_class_label_en else sector_label_en
        end as row_label_en
    from current_use
    where survey_year = 2025

),

previous_year as (

    select * from current_use
    where survey_year = 2024

),

final as (

    select
        this_year.row_label_nl,
        this_year.row_label_en,
        this_year.sector_code,
        this_year.size_class_code,
        this_year.high_pct as high_2025_pct,
        this_year.reasonable_pct as reasonable_2025_pct,
        this_year.hardly_pct as hardly_2025_pct,
        this_year.not_at_all_pct as not_at_all_2025_pct,
        previous_year.high_pct as high_2024_pct,
        previous_year.reasonable_pct as reasonable_2024_pct,
        previous_year.hardly_pct as hardly_2024_pct,
        previous_year.not_at_all_pct as not_at_all_2024_pct,
        printed_rows.printed_row_order,
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
        on
            this_year.sector_code = previous_year.sector_code
            and this_year.size_class_code = previous_year.size_class_code
    left join printed_rows
        on
            this_year.sector_code = printed_rows.sector_code
            and this_year.size_class_code = printed_rows.size_class_code

)

select * from final
order by printed_row_order
