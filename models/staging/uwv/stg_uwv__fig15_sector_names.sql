with

source as (

    select * from {{ ref('fig15_sector_names') }}

),

renamed as (

    select
        "Naam in publicatie" as sector_name_nl,
        "Sector (SBI 2008)" as sbi_2008_printed
    from source

)

select * from renamed
