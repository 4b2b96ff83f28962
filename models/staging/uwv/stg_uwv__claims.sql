{#- Claims of the running text, with their lists split and the defaults filled in: a claim
    about the population ALL and the totals unless it says otherwise, and a base (the other
    side of a change, ratio or comparison) that repeats the claim's own question, answers,
    population and year unless the claim names others. `source_line` is the claim's line in
    seeds/quality/claims.csv (the header is line 1), for the input checks' messages. -#}
with

source as (

    select
        *,
        row_number() over () + 1 as source_line
    from {{ ref('claims') }}

),

parsed as (

    select
        claim_id,
        source_line,
        section,
        figure,
        claim_kind,
        paraphrase_en,
        paraphrase_nl,
        edition,
        question_code,
        survey_year,
        reference_sector_code,
        reference_size_class_code,
        expected_value,
        expected_base_value,
        expected_low,
        expected_high,
        top_n,
        note,
        string_split(answer_codes, ' ') as answer_codes,
        coalesce(population_code, 'ALL') as population_code,
        string_split(coalesce(sector_codes, '_T'), ' ') as sector_codes,
        string_split(coalesce(size_class_codes, '_T'), ' ') as size_class_codes,
        coalesce(base_question_code, question_code) as base_question_code,
        string_split(coalesce(base_answer_codes, answer_codes), ' ') as base_answer_codes,
        coalesce(base_population_code, population_code, 'ALL') as base_population_code,
        coalesce(base_survey_year, survey_year) as base_survey_year,
        (
            base_question_code is not null
            or base_answer_codes is not null
            or base_population_code is not null
            or base_survey_year is not null
        ) as names_a_base
    from source

)

select * from parsed
