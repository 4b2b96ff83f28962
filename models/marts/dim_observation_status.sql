with

statuses as (

    select * from {{ ref('stg_uwv__observation_statuses') }}

),

final as (

    select
        obs_status,
        obs_status_label_nl,
        obs_status_label_en,
        obs_status_description
    from statuses

)

select * from final
