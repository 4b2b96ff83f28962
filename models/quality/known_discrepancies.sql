{#- The contradictions between the publication's text and its tables that we reviewed and
    explained: one row per claim, with what the text says, what the tables give, and how many
    observations carry the quality flag (observation_flags) because of it. -#}
with

known as (

    select * from {{ ref('stg_uwv__known_claim_discrepancies') }}

),

checks as (

    select * from {{ ref('claim_checks') }}

),

claim_observations as (

    select * from {{ ref('claim_observations') }}

),

flagged as (

    select
        claim_id,
        count(*) as flagged_observations
    from claim_observations
    group by claim_id

),

final as (

    select
        known.claim_id,
        checks.figure,
        checks.section,
        checks.claim_kind,
        checks.paraphrase_en,
        checks.paraphrase_nl,
        checks.expected,
        checks.observed,
        checks.status,
        known.discrepancy_category,
        known.discrepancy_explanation,
        known.discrepancy_explanation_nl,
        coalesce(flagged.flagged_observations, 0) as flagged_observations
    from known
    left join checks
        on known.claim_id = checks.claim_id
    left join flagged
        on known.claim_id = flagged.claim_id

)

select * from final
order by claim_id
