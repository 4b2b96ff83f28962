{#- For every claim and subject: the claim's measure (the sum of the shares of its answers)
    and its base measure (see int_claim_measure_sides). Counts of the answers found let the
    checks tell a missing number from a wrong one. -#}
with

sides as (

    select * from {{ ref('int_claim_measure_sides') }}

),

observations as (

    select * from {{ ref('int_observations_deduplicated') }}

),

measured as (

    select
        sides.claim_id,
        sides.sector_code,
        sides.size_class_code,
        sides.is_claimed,
        sides.side,
        sides.observed_sector_code,
        sides.observed_size_class_code,
        len(sides.answer_codes) as answers_expected,
        sum(observations.share_pct) as value_pct,
        count(observations.answer_code) as answers_found
    from sides
    left join observations
        on
            sides.edition = observations.edition
            and sides.survey_year = observations.survey_year
            and sides.population_code = observations.population_code
            and sides.observed_sector_code = observations.sector_code
            and sides.observed_size_class_code = observations.size_class_code
            and sides.question_code = observations.question_code
            and list_contains(sides.answer_codes, observations.answer_code)
    group by all

),

final as (

    select
        claim_id,
        sector_code,
        size_class_code,
        is_claimed,
        max(observed_sector_code) filter (where side = 'base') as base_sector_code,
        max(observed_size_class_code) filter (where side = 'base') as base_size_class_code,
        max(value_pct) filter (where side = 'own') as value_pct,
        max(answers_found) filter (where side = 'own') as answers_found,
        max(value_pct) filter (where side = 'base') as base_value_pct,
        max(answers_found) filter (where side = 'base') as base_answers_found,
        max(answers_expected) filter (where side = 'own') as answers_expected,
        max(answers_expected) filter (where side = 'base') as base_answers_expected
    from measured
    group by claim_id, sector_code, size_class_code, is_claimed

)

select * from final
