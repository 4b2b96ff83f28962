{#- For every claim and subject: the claim's measure (the sum of the shares of its answers)
    and its base measure. The base is the other side of what the claim compares: the same
    subject in another year, question, population or answer (changes, ratios, increases,
    growth rankings), or a reference subject, by default the total (higher_than, lower_than,
    figure_5). Counts of the answers found let the checks tell a missing number from a
    wrong one. -#}
with

claims as (

    select * from {{ ref('stg_uwv__claims') }}

),

subjects as (

    select * from {{ ref('int_claim_subjects') }}

),

observations as (

    select * from {{ ref('int_observations_deduplicated') }}

),

framed as (

    select
        subjects.claim_id,
        subjects.sector_code,
        subjects.size_class_code,
        subjects.is_claimed,
        claims.edition,
        claims.question_code,
        claims.answer_codes,
        claims.population_code,
        claims.survey_year,
        claims.base_question_code,
        claims.base_answer_codes,
        claims.base_population_code,
        claims.base_survey_year,
        case
            when claims.claim_kind in ('higher_than', 'lower_than', 'figure_5')
                then coalesce(claims.reference_sector_code, '_T')
            else subjects.sector_code
        end as base_sector_code,
        case
            when claims.claim_kind in ('higher_than', 'lower_than', 'figure_5')
                then coalesce(claims.reference_size_class_code, '_T')
            else subjects.size_class_code
        end as base_size_class_code
    from subjects
    inner join claims
        on subjects.claim_id = claims.claim_id

),

measured as (

    select
        framed.claim_id,
        framed.sector_code,
        framed.size_class_code,
        sum(observations.share_pct) as value_pct,
        count(observations.answer_code) as answers_found
    from framed
    left join observations
        on
            framed.edition = observations.edition
            and framed.survey_year = observations.survey_year
            and framed.population_code = observations.population_code
            and framed.sector_code = observations.sector_code
            and framed.size_class_code = observations.size_class_code
            and framed.question_code = observations.question_code
            and list_contains(framed.answer_codes, observations.answer_code)
    group by framed.claim_id, framed.sector_code, framed.size_class_code

),

base_measured as (

    select
        framed.claim_id,
        framed.sector_code,
        framed.size_class_code,
        sum(observations.share_pct) as base_value_pct,
        count(observations.answer_code) as base_answers_found
    from framed
    left join observations
        on
            framed.edition = observations.edition
            and framed.base_survey_year = observations.survey_year
            and framed.base_population_code = observations.population_code
            and framed.base_sector_code = observations.sector_code
            and framed.base_size_class_code = observations.size_class_code
            and framed.base_question_code = observations.question_code
            and list_contains(framed.base_answer_codes, observations.answer_code)
    group by framed.claim_id, framed.sector_code, framed.size_class_code

),

final as (

    select
        framed.claim_id,
        framed.sector_code,
        framed.size_class_code,
        framed.is_claimed,
        framed.base_sector_code,
        framed.base_size_class_code,
        measured.value_pct,
        measured.answers_found,
        base_measured.base_value_pct,
        base_measured.base_answers_found,
        len(framed.answer_codes) as answers_expected,
        len(framed.base_answer_codes) as base_answers_expected
    from framed
    inner join measured
        on
            framed.claim_id = measured.claim_id
            and framed.sector_code = measured.sector_code
            and framed.size_class_code = measured.size_class_code
    inner join base_measured
        on
            framed.claim_id = base_measured.claim_id
            and framed.sector_code = base_measured.sector_code
            and framed.size_class_code = base_measured.size_class_code

)

select * from final
