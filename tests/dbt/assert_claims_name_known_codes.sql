-- Every code a claim names exists: questions, answers (of that question), populations,
-- sectors and size classes. A claim about a sector that does not exist would otherwise be
-- reported as a mismatch for the wrong reason.
with

claims as (

    select * from {{ ref('stg_uwv__claims') }}
    where claim_kind != 'not_checkable'

),

questions as (

    select question_code from {{ ref('stg_uwv__questions') }}

),

answers as (

    select
        question_code,
        answer_code
    from {{ ref('stg_uwv__answers') }}

),

populations as (

    select population_code from {{ ref('stg_uwv__populations') }}

),

sectors as (

    select sector_code from {{ ref('stg_uwv__sectors') }}

),

size_classes as (

    select size_class_code from {{ ref('stg_uwv__size_classes') }}

),

named as (

    select
        claim_id,
        'question' as code_kind,
        question_code as code
    from claims
    union all
    select
        claim_id,
        'question' as code_kind,
        base_question_code as code
    from claims
    union all
    select
        claim_id,
        'population' as code_kind,
        population_code as code
    from claims
    union all
    select
        claim_id,
        'population' as code_kind,
        base_population_code as code
    from claims
    union all
    select
        claim_id,
        'sector' as code_kind,
        unnest(sector_codes) as code
    from claims
    union all
    select
        claim_id,
        'sector' as code_kind,
        reference_sector_code as code
    from claims
    where reference_sector_code is not null
    union all
    select
        claim_id,
        'size class' as code_kind,
        unnest(size_class_codes) as code
    from claims
    union all
    select
        claim_id,
        'size class' as code_kind,
        reference_size_class_code as code
    from claims
    where reference_size_class_code is not null
    union all
    select
        claim_id,
        'answer of ' || question_code as code_kind,
        unnest(answer_codes) as code
    from claims
    union all
    select
        claim_id,
        'answer of ' || base_question_code as code_kind,
        unnest(base_answer_codes) as code
    from claims

),

validation_errors as (

    select named.*
    from named
    where not (
        (
            named.code_kind = 'question'
            and named.code in (select questions.question_code from questions)
        )
        or (
            named.code_kind = 'population'
            and named.code in (select populations.population_code from populations)
        )
        or (named.code_kind = 'sector' and named.code in (select sectors.sector_code from sectors))
        or (
            named.code_kind = 'size class'
            and named.code in (select size_classes.size_class_code from size_classes)
        )
        or (
            named.code_kind like 'answer of %'
            and exists (
                select 1
                from answers
                where
                    'answer of ' || answers.question_code = named.code_kind
                    and answers.answer_code = named.code
            )
        )
    )

)

select * from validation_errors
