with

source as (

    select * from {{ ref('observation_statuses') }}

),

renamed as (

    select
        obs_status,
        label_nl as obs_status_label_nl,
        label_en as obs_status_label_en,
        description as obs_status_description
    from source

)

select * from renamed
