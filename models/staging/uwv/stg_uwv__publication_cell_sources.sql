with

source as (

    select * from {{ ref('publication_cell_sources') }}

),

renamed as (

    select
        edition,
        figure,
        row_label,
        column_label,
        cell_source,
        note as cell_source_note
    from source

)

select * from renamed
