{#- Gives every printed cell its observation key. Each key part comes from the printed row,
    the printed column or the figure as a whole (publication_rows, publication_columns and
    publication_figures seeds), whichever fixes it. That every printed row and column is in
    the layout, and every layout row in the seed, is checked once, by the input test
    assert_every_printed_cell_is_loaded, which runs before this model in `dbt build`. -#}
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

cell_sources as (

    select * from {{ ref('stg_uwv__publication_cell_sources') }}

),

joined as (

    select
        cells.source_file,
        cells.source_line,
        cells.published_text,
        cells.value_pct,
        figures.figure,
        cells.edition,
        printed_rows.row_label,
        printed_columns.column_group_label,
        printed_columns.column_label,
        cell_sources.cell_source_note,
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
        row_label
    from joined

)

select * from final
