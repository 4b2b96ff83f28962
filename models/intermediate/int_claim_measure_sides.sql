{#- Both sides of every checkable claim and subject, as observation filters: the claim's own
    measure and its base. The base is the other side of what the claim compares: the same
    subject in another year, question, population or answer (changes, ratios, increases, growth
    rankings), or a reference subject, by default the total (higher_than, lower_than,
    figure_5).

    The subjects are sector by size class. A ranking or a figure 5 claim is about all surveyed
    sectors (it says which ones lead, so the others matter too); `is_claimed` marks the sectors
    the text names. -#}
with

claims as (

    select * from {{ ref('stg_uwv__claims') }}
    where claim_kind not in ('not_checkable', 'answer_ranking')

),

sectors as (

    select * from {{ ref('stg_uwv__sectors') }}
    where in_survey_scope and sector_code != '_T'

),

named_sectors as (

    select
        claim_id,
        size_class_codes,
        unnest(sector_codes) as sector_code
    from claims
    where claim_kind not in ('ranking', 'figure_5')

),

named_subjects as (

    select
        claim_id,
        sector_code,
        unnest(size_class_codes) as size_class_code,
        true as is_claimed
    from named_sectors

),

all_sector_subjects as (

    select
        claims.claim_id,
        sectors.sector_code,
        claims.size_class_codes[1] as size_class_code,
        list_contains(claims.sector_codes, sectors.sector_code) as is_claimed
    from claims
    cross join sectors
    where claims.claim_kind in ('ranking', 'figure_5')

),

subjects as (

    select * from named_subjects
    union all
    select * from all_sector_subjects

),

framed as (

    select
        subjects.claim_id,
        subjects.sector_code,
        subjects.size_class_code,
        subjects.is_claimed,
        claims.claim_kind,
        claims.names_a_base,
        claims.edition,
        claims.question_code,
        claims.answer_codes,
        claims.population_code,
        claims.survey_year,
        claims.base_question_code,
        claims.base_answer_codes,
        claims.base_population_code,
        claims.base_survey_year,
        claims.claim_kind in ('higher_than', 'lower_than', 'figure_5') as base_is_a_reference,
        coalesce(claims.reference_sector_code, '_T') as reference_sector_code,
        coalesce(claims.reference_size_class_code, '_T') as reference_size_class_code
    from subjects
    inner join claims
        on subjects.claim_id = claims.claim_id

),

own_side as (

    select
        claim_id,
        sector_code,
        size_class_code,
        is_claimed,
        'own' as side,
        edition,
        survey_year,
        population_code,
        sector_code as observed_sector_code,
        size_class_code as observed_size_class_code,
        question_code,
        answer_codes,
        true as is_about_the_subject
    from framed

),

base_side as (

    select
        claim_id,
        sector_code,
        size_class_code,
        is_claimed,
        'base' as side,
        edition,
        base_survey_year as survey_year,
        base_population_code as population_code,
        case when base_is_a_reference then reference_sector_code else sector_code end
            as observed_sector_code,
        case when base_is_a_reference then reference_size_class_code else size_class_code end
            as observed_size_class_code,
        base_question_code as question_code,
        base_answer_codes as answer_codes,
        -- A reference (the average) is not what the claim says something about.
        names_a_base and not base_is_a_reference as is_about_the_subject
    from framed

),

final as (

    select * from own_side
    union all
    select * from base_side

)

select * from final
