{#- Which published observations each claim of the running text was checked against, so a
    reader (the report, an analyst) can find every claim about a number, matching or not. -#}
with

claim_observations as (

    select * from {{ ref('int_claim_observations') }}

),

checks as (

    select * from {{ ref('claim_checks') }}

),

final as (

    select
        claim_observations.claim_id,
        checks.status as claim_status,
        claim_observations.edition,
        claim_observations.survey_year,
        claim_observations.population_code,
        claim_observations.sector_code,
        claim_observations.size_class_code,
        claim_observations.question_code,
        claim_observations.answer_code
    from claim_observations
    inner join checks
        on claim_observations.claim_id = checks.claim_id

)

select * from final
order by all
