{#- Gives every printed cell its observation key. Each key part comes from the printed row,
    the printed column or the figure as a whole (publication_rows, publication_columns and
    publication_figures seeds), whichever fixes it. A row label or column header that the
    reference seeds do not know stops the build with the seed file, line and column. -#}
with

cells as (

    select * from {{ ref('int_publication_cells_unpivoted') }}

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

cell_sources as (

    select * from {{ ref('stg_uwv__publication_cell_sources') }}

),

joined as (

    select
        cells.source_seed,
        cells.source_file,
        cells.source_line,
        cells.row_label as cell_row_label,
        cells.column_header,
        cells.published_text,
        cells.value_pct,
        figures.figure,
        cells.edition,
        printed_rows.row_label,
        printed_columns.column_group_label,
        printed_columns.column_label,
        cell_sources.cell_source_note,
        coalesce(figures.stub_header, 'row_label') as stub_column,
        printed_rows.figure is not null as row_is_known,
        printed_columns.figure is not null as column_is_known,
        coalesce(printed_columns.survey_year, figures.survey_year) as survey_year,
        coalesce(
            printed_rows.population_code,
            printed_columns.population_code,
            figures.population_code
        ) as population_code,
        coalesce(printed_rows.sector_code, figures.sector_code) as sector_code,
        coalesce(printed_rows.size_class_code, figures.size_class_code) as size_class_code,
        coalesce(
            printed_rows.question_code,
            printed_columns.question_code,
            figures.question_code
        ) as question_code,
        coalesce(printed_rows.answer_code, printed_columns.answer_code) as answer_code,
        coalesce(cell_sources.cell_source, 'extracted') as cell_source
    from cells
    left join figures
        on cells.source_seed = figures.seed_name and cells.edition = figures.edition
    left join printed_rows
        on
            figures.edition = printed_rows.edition
            and figures.figure = printed_rows.figure
            and cells.row_label = printed_rows.row_label
    left join printed_columns
        on
            figures.edition = printed_columns.edition
            and figures.figure = printed_columns.figure
            and cells.column_header = printed_columns.column_header
    left join cell_sources
        on
            figures.edition = cell_sources.edition
            and figures.figure = cell_sources.figure
            and cells.row_label = cell_sources.row_label
            and printed_columns.column_label = cell_sources.column_label

),

checked as (

    select
        *,
        case
            when figure is null
                then
                    source_file || ' line ' || source_line || ': edition ' || edition
                    || ' of seed ' || source_seed
                    || ' is not listed in seeds/reference/publication_figures.csv'
            when not row_is_known
                then
                    source_file || ' line ' || source_line || ', column "' || stub_column
                    || '": unknown row label "' || cell_row_label
                    || '" (not in seeds/reference/publication_rows.csv for figure '
                    || figure || ')'
            when not column_is_known
                then
                    source_file || ', column "' || column_header
                    || '": unknown column header'
                    || ' (not in seeds/reference/publication_columns.csv for figure '
                    || figure || ')'
        end as problem
    from joined

),

final as (

    select
        figure,
        edition,
        survey_year,
        population_code,
        sector_code,
        size_class_code,
        question_code,
        answer_code,
        column_group_label,
        column_label,
        published_text,
        value_pct,
        cell_source,
        cell_source_note,
        source_file,
        source_line,
        -- Stops the query with the problem's message when the cell's labels are unknown.
        case when problem is null then row_label else error(problem) end as row_label
    from checked

)

select * from final
