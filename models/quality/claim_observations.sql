{#- Which published observations each claim of the running text was checked against, for the
    subjects it names: its own measure, and its base when that is the same subject in another
    year, question, population or answer. Comparisons with a reference (the average) do not
    list the reference itself: the total is not what the text gets wrong when it misplaces a
    sector. A reader (the report, an analyst) finds here every claim about a number, matching
    or not; observation_flags flags the observations of the known discrepancies. -#}
with

side_observations as (

    select * from {{ ref('int_claim_side_observations') }}
    where is_claimed and is_about_the_subject and answer_code is not null

),

checks as (

    select * from {{ ref('claim_checks') }}

),

claim_observations as (

    select distinct
        claim_id,
        edition,
        survey_year,
        population_code,
        observed_sector_code as sector_code,
        observed_size_class_code as size_class_code,
        question_code,
        answer_code
    from side_observations

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
