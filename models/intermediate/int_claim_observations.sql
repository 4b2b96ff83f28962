{#- Which observations each claim reads for the subjects it names: its own measure, and its
    base when that is the same subject in another year, question, population or answer.
    Comparisons with a reference (the average) do not mark the reference itself: the total
    is not what the text gets wrong when it misplaces a sector. -#}
with

side_observations as (

    select * from {{ ref('int_claim_side_observations') }}
    where is_claimed and is_about_the_subject and answer_code is not null

),

final as (

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

)

select * from final
