{#- For every claim and subject: the claim's measure (the sum of the shares of its answers)
    and its base measure (see int_claim_measure_sides), from int_claim_side_observations.
    Counts of the answers found let the checks tell a missing number from a wrong one. -#}
with

side_observations as (

    select * from {{ ref('int_claim_side_observations') }}

),

measured as (

    select
        claim_id,
        sector_code,
        size_class_code,
        is_claimed,
        side,
        observed_sector_code,
        observed_size_class_code,
        answers_expected,
        sum(share_pct) as value_pct,
        count(answer_code) as answers_found
    from side_observations
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
