with

source as (

    select * from {{ ref('known_claim_discrepancies') }}

),

renamed as (

    select
        claim_id,
        category as discrepancy_category,
        explanation as discrepancy_explanation
    from source

)

select * from renamed
