with

source as (

    select * from {{ ref('known_claim_discrepancies') }}

),

renamed as (

    select
        claim_id,
        category as discrepancy_category,
        explanation as discrepancy_explanation,
        explanation_nl as discrepancy_explanation_nl
    from source

)

select * from renamed
