with

source as (

    select * from {{ ref('response_types') }}

),

renamed as (

    select
        response_type,
        answers_are_exclusive,
        description as response_type_description
    from source

)

select * from renamed
