{#- The quality flags of the published observations: one row per observation of
    marts.fct_survey_share that the publication's own text contradicts (a reviewed entry of
    known_claim_discrepancies involves it), keyed by the observation key. Observations without
    a flag have no row. The fact table does not carry the flags, so that editing a claim
    rebuilds the quality models and these flags, not the fact table; the analysis marts, the
    analyses and the report join them. -#}
with

claim_observations as (

    select * from {{ ref('claim_observations') }}

),

known as (

    select * from {{ ref('stg_uwv__known_claim_discrepancies') }}

),

final as (

    select
        claim_observations.edition,
        claim_observations.survey_year,
        claim_observations.population_code,
        claim_observations.sector_code,
        claim_observations.size_class_code,
        claim_observations.question_code,
        claim_observations.answer_code,
        'contradicted_by_text' as quality_flag,
        string_agg(known.claim_id, ', ' order by known.claim_id) as discrepancy_claim_ids
    from claim_observations
    inner join known
        on claim_observations.claim_id = known.claim_id
    group by all

)

select * from final
order by all
