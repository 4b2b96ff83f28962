{#- Which observations each claim reads for the subjects it names: its own measure, and its
    base when that is the same subject in another year, question, population or answer.
    Comparisons with a reference (the average) do not mark the reference itself: the total
    is not what the text gets wrong when it misplaces a sector. -#}
with

sides as (

    select * from {{ ref('int_claim_measure_sides') }}
    where is_claimed and is_about_the_subject

),

observations as (

    select * from {{ ref('int_observations_deduplicated') }}

),

final as (

    select distinct
        sides.claim_id,
        observations.edition,
        observations.survey_year,
        observations.population_code,
        observations.sector_code,
        observations.size_class_code,
        observations.question_code,
        observations.answer_code
    from sides
    inner join observations
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
