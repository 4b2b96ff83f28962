{#- The observations each side of each claim reads (see int_claim_measure_sides): one row
    per side and matching observation, or one row with empty observation columns when the
    tables hold nothing for that side. Measurements and quality flags both start here. -#}
with

sides as (

    select * from {{ ref('int_claim_measure_sides') }}

),

observations as (

    select * from {{ ref('int_observations_deduplicated') }}

),

final as (

    select
        sides.claim_id,
        sides.sector_code,
        sides.size_class_code,
        sides.is_claimed,
        sides.side,
        sides.is_about_the_subject,
        sides.observed_sector_code,
        sides.observed_size_class_code,
        observations.edition,
        observations.survey_year,
        observations.population_code,
        observations.question_code,
        observations.answer_code,
        observations.share_pct,
        len(sides.answer_codes) as answers_expected,
        -- Part of the key: a side that matches nothing still has its one row.
        coalesce(observations.answer_code, '(none)') as matched_answer
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

)

select * from final
