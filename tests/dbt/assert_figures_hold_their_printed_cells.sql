{{ config(tags=['input']) }}
-- Each figure holds as many cells as the publication prints (publication_figures'
-- printed_cells, counted on the printed page): a layout that declares a row or column too
-- few or too many, matched by its seed, would otherwise pass every other check.
with

figures as (

    select * from {{ ref('stg_uwv__publication_figures') }}

),

cells as (

    select * from {{ ref('publication_cells') }}

),

counted as (

    select
        figures.edition,
        figures.figure,
        figures.printed_cells,
        count(cells.figure) as cells
    from figures
    left join cells
        on figures.edition = cells.edition and figures.figure = cells.figure
    group by all

),

final as (

    select
        edition,
        figure,
        printed_cells,
        cells,
        'seeds/reference/publication_figures.csv, figure ' || figure || ' of edition '
        || edition || ', column "printed_cells": the publication prints ' || printed_cells
        || ' cells, the warehouse holds ' || cells as problem
    from counted
    where cells != printed_cells

)

select * from final
