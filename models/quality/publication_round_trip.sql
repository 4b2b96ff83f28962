{#- Every printed cell rebuilt from the fact table: the layout of publication_cells with the
    value and text of the observation each cell points to, compared with the cell as loaded
    from the seeds. Any difference, missing or extra cell is a row with a status other than
    'match' (and fails the all_equal test on status). -#}
with

loaded as (

    select * from {{ ref('stg_uwv__printed_cells') }}

),

figures as (

    select * from {{ ref('stg_uwv__publication_figures') }}

),

cells as (

    select * from {{ ref('publication_cells') }}

),

observations as (

    select * from {{ ref('fct_survey_share') }}

),

rebuilt as (

    select
        figures.seed_name as source_seed,
        cells.edition,
        cells.figure,
        cells.row_label,
        observations.published_text,
        observations.share_pct,
        concat_ws(' | ', cells.column_group_label, cells.column_label) as column_header
    from cells
    inner join figures
        on cells.edition = figures.edition and cells.figure = figures.figure
    left join observations
        on {{ join_on_observation_key('cells', 'observations') }}

),

compared as (

    select
        rebuilt.figure,
        loaded.source_line,
        loaded.published_text as loaded_text,
        rebuilt.published_text as rebuilt_text,
        loaded.value_pct as loaded_pct,
        rebuilt.share_pct as rebuilt_pct,
        coalesce(rebuilt.source_seed, loaded.source_seed) as source_seed,
        coalesce(rebuilt.edition, loaded.edition) as edition,
        coalesce(rebuilt.row_label, loaded.row_label) as row_label,
        coalesce(rebuilt.column_header, loaded.column_header) as column_header,
        case
            when rebuilt.source_seed is null then 'missing'
            when loaded.source_seed is null then 'extra'
            when not coalesce(
                rebuilt.published_text = loaded.published_text
                and rebuilt.share_pct = loaded.value_pct,
                false
            ) then 'different'
            else 'match'
        end as status
    from rebuilt
    full outer join loaded
        on
            rebuilt.source_seed = loaded.source_seed
            and rebuilt.edition = loaded.edition
            and rebuilt.row_label = loaded.row_label
            and rebuilt.column_header = loaded.column_header

)

select * from compared
