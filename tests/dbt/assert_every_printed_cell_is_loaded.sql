-- Every cell a figure's layout declares (each printed row label by each printed column
-- header) must be loaded from the figure's seed. Without this, a row deleted from a seed would
-- silently vanish. (That each figure holds as many cells as printed is the mart contract's.)
with

figures as (

    select * from {{ ref('stg_uwv__publication_figures') }}

),

printed_rows as (

    select * from {{ ref('stg_uwv__publication_rows') }}

),

printed_columns as (

    select * from {{ ref('stg_uwv__publication_columns') }}

),

loaded as (

    -- The conformed cells, not the raw unpivot: an unknown label then stops the build with
    -- its own message (raised there) before this test reports the declared cell as missing.
    select
        edition,
        figure,
        row_label,
        concat_ws(' | ', column_group_label, column_label) as column_header
    from {{ ref('int_publication_cells_conformed') }}

),

declared as (

    select
        figures.edition,
        figures.figure,
        figures.seed_name,
        printed_rows.row_label,
        printed_columns.column_header
    from figures
    inner join printed_rows
        on figures.edition = printed_rows.edition and figures.figure = printed_rows.figure
    inner join printed_columns
        on figures.edition = printed_columns.edition and figures.figure = printed_columns.figure

),

not_loaded as (

    select
        declared.edition,
        declared.figure,
        declared.seed_name,
        declared.row_label,
        declared.column_header,
        'declared in the layout seeds but not in the seed file' as problem
    from declared
    left join loaded
        on
            declared.edition = loaded.edition
            and declared.figure = loaded.figure
            and declared.row_label = loaded.row_label
            and declared.column_header = loaded.column_header
    where loaded.figure is null

),

validation_errors as (

    select * from not_loaded

)

select * from validation_errors
