{{ config(tags=['input']) }}
-- The printed tables agree with their layout (publication_figures, publication_rows,
-- publication_columns), every rule checked here and nowhere else: each seed edition is a
-- listed figure; every row label is non-empty, declared for its figure and edition, and
-- occurs once; every declared row and column is in the seed and every seed column is
-- declared. (That the layout holds as many cells as the figure prints is
-- assert_figures_hold_their_printed_cells'.) Each failing row is one input error in
-- `problem`, starting with the file a maintainer must fix.
with

cells as (

    select * from {{ ref('stg_uwv__printed_cells') }}

),

figures as (

    select * from {{ ref('stg_uwv__publication_figures') }}

),

printed_rows as (

    select * from {{ ref('stg_uwv__publication_rows') }}

),

printed_columns as (

    select * from {{ ref('stg_uwv__publication_columns') }}

),

file_rows as (

    select distinct
        source_seed,
        source_file,
        source_line,
        edition,
        row_label
    from cells

),

file_columns as (

    select distinct
        source_seed,
        source_file,
        edition,
        column_header
    from cells

),

seed_editions as (

    select distinct
        source_seed,
        source_file,
        edition
    from file_rows

),

file_row_counts as (

    select
        source_seed,
        any_value(source_file) as source_file,
        count(*) as file_row_count
    from file_rows
    group by source_seed

),

rows_with_figure as (

    -- The stub header names the row-label column in messages (`row_label` if none is printed).
    select
        file_rows.*,
        figures.figure,
        coalesce(figures.stub_header, 'row_label') as stub_column
    from file_rows
    left join figures
        on file_rows.source_seed = figures.seed_name and file_rows.edition = figures.edition

),

unlisted_editions as (

    select
        source_file || ' line ' || min(source_line) || ': edition ' || edition
        || ' of seed ' || source_seed
        || ' is not listed in seeds/reference/publication_figures.csv' as problem
    from rows_with_figure
    where figure is null
    group by source_seed, source_file, edition

),

empty_labels as (

    select
        source_file || ' line ' || source_line || ', column "' || stub_column
        || '": the row label is empty' as problem
    from rows_with_figure
    where figure is not null and row_label is null

),

unknown_labels as (

    select
        rows_with_figure.source_file || ' line ' || rows_with_figure.source_line
        || ', column "' || rows_with_figure.stub_column || '": unknown row label "'
        || rows_with_figure.row_label
        || '" (not in seeds/reference/publication_rows.csv for edition '
        || rows_with_figure.edition || ', figure ' || rows_with_figure.figure || ')' as problem
    from rows_with_figure
    left join printed_rows
        on
            rows_with_figure.edition = printed_rows.edition
            and rows_with_figure.figure = printed_rows.figure
            and rows_with_figure.row_label = printed_rows.row_label
    where
        rows_with_figure.figure is not null
        and rows_with_figure.row_label is not null
        and printed_rows.figure is null

),

repeated_labels as (

    select
        source_file || ' line ' || min(source_line) || ', column "' || stub_column
        || '": row label "' || row_label || '" occurs ' || count(*) || ' times in edition '
        || edition || ' (lines ' || string_agg(source_line::varchar, ', ' order by source_line)
        || '; a printed row must occur once)' as problem
    from rows_with_figure
    where figure is not null and row_label is not null
    group by source_seed, source_file, edition, stub_column, row_label
    having count(*) > 1

),

declared_rows as (

    select
        figures.seed_name as source_seed,
        printed_rows.edition,
        printed_rows.row_label,
        count(distinct printed_rows.edition) over (partition by figures.seed_name) as editions
    from figures
    inner join printed_rows
        on figures.edition = printed_rows.edition and figures.figure = printed_rows.figure

),

declared_row_counts as (

    select
        source_seed,
        count(*) as declared_row_count
    from declared_rows
    group by source_seed

),

missing_rows as (

    select
        declared_rows.source_seed,
        string_agg(
            declared_rows.row_label || case
                when declared_rows.editions > 1 then ' (' || declared_rows.edition || ')'
                else ''
            end,
            ', ' order by declared_rows.edition, declared_rows.row_label
        ) as missing_labels
    from declared_rows
    left join file_rows
        on
            declared_rows.source_seed = file_rows.source_seed
            and declared_rows.edition = file_rows.edition
            and declared_rows.row_label = file_rows.row_label
    where file_rows.source_seed is null
    group by declared_rows.source_seed

),

rows_not_loaded as (

    -- A seed with no rows at all has no file name in the cells; the seed's path is then
    -- spelled out.
    select
        coalesce(
            file_row_counts.source_file,
            'seeds/publication/' || missing_rows.source_seed || '.csv'
        )
        || ': ' || coalesce(file_row_counts.file_row_count, 0) || ' rows, the layout declares '
        || declared_row_counts.declared_row_count
        || '; missing: ' || missing_rows.missing_labels as problem
    from missing_rows
    inner join declared_row_counts
        on missing_rows.source_seed = declared_row_counts.source_seed
    left join file_row_counts
        on missing_rows.source_seed = file_row_counts.source_seed

),

unknown_columns as (

    select
        file_columns.source_file || ' line 1, column "' || file_columns.column_header
        || '": unknown column header (not in seeds/reference/publication_columns.csv'
        || ' for edition ' || file_columns.edition || ', figure ' || figures.figure
        || ')' as problem
    from file_columns
    inner join figures
        on file_columns.source_seed = figures.seed_name and file_columns.edition = figures.edition
    left join printed_columns
        on
            figures.edition = printed_columns.edition
            and figures.figure = printed_columns.figure
            and file_columns.column_header = printed_columns.column_header
    where printed_columns.figure is null

),

columns_not_loaded as (

    select
        seed_editions.source_file || ' line 1, column "' || printed_columns.column_header
        || '": declared in seeds/reference/publication_columns.csv for edition '
        || figures.edition || ', figure ' || figures.figure || ', but not in the file' as problem
    from figures
    inner join printed_columns
        on figures.edition = printed_columns.edition and figures.figure = printed_columns.figure
    inner join seed_editions
        on figures.seed_name = seed_editions.source_seed and figures.edition = seed_editions.edition
    left join file_columns
        on
            seed_editions.source_seed = file_columns.source_seed
            and seed_editions.edition = file_columns.edition
            and printed_columns.column_header = file_columns.column_header
    where file_columns.source_seed is null

),

validation_errors as (

    select problem from unlisted_editions
    union all
    select problem from empty_labels
    union all
    select problem from unknown_labels
    union all
    select problem from repeated_labels
    union all
    select problem from rows_not_loaded
    union all
    select problem from unknown_columns
    union all
    select problem from columns_not_loaded

)

select * from validation_errors
order by problem
