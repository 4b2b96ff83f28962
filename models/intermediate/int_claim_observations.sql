{#- Which observations each claim reads for the subjects it names: the claim's own measure,
    and its base when the base is the same subject in another year, question, population or
    answer. Comparisons with a reference (the average) do not mark the reference itself:
    the total is not what the text gets wrong when it misplaces a sector. -#}
with

claims as (

    select * from {{ ref('stg_uwv__claims') }}

),

subjects as (

    select * from {{ ref('int_claim_subjects') }}
    where is_claimed

),

observations as (

    select * from {{ ref('int_observations_deduplicated') }}

),

own_measure as (

    select
        claims.claim_id,
        observations.edition,
        observations.survey_year,
        observations.population_code,
        observations.sector_code,
        observations.size_class_code,
        observations.question_code,
        observations.answer_code
    from subjects
    inner join claims
        on subjects.claim_id = claims.claim_id
    inner join observations
        on
            claims.edition = observations.edition
            and claims.survey_year = observations.survey_year
            and claims.population_code = observations.population_code
            and subjects.sector_code = observations.sector_code
            and subjects.size_class_code = observations.size_class_code
            and claims.question_code = observations.question_code
            and list_contains(claims.answer_codes, observations.answer_code)

),

base_measure as (

    select
        claims.claim_id,
        observations.edition,
        observations.survey_year,
        observations.population_code,
        observations.sector_code,
        observations.size_class_code,
        observations.question_code,
        observations.answer_code
    from subjects
    inner join claims
        on subjects.claim_id = claims.claim_id
    inner join observations
        on
            claims.edition = observations.edition
            and claims.base_survey_year = observations.survey_year
            and claims.base_population_code = observations.population_code
            and subjects.sector_code = observations.sector_code
            and subjects.size_class_code = observations.size_class_code
            and claims.base_question_code = observations.question_code
            and list_contains(claims.base_answer_codes, observations.answer_code)
    where
        claims.names_a_base
        and claims.claim_kind not in ('higher_than', 'lower_than', 'figure_5')

),

final as (

    select * from own_measure
    union
    select * from base_measure

)

select * from final
