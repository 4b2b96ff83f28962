-- Input check of seeds/quality/claims.csv: every claim has an id of the form C + digits
-- (C001), names a known kind (one of seeds/reference/claim_kinds.csv), a figure of the
-- publication (1 to 15), and codes that exist: questions, answers (of that question),
-- populations, sectors and size classes. A claim about a sector that does not exist would
-- otherwise be reported as a mismatch for the wrong reason; an id is shown in the report and
-- used in its element ids, so it is held to a plain form here. One row per problem, worded for
-- the maintainer of the seed.
{{ config(tags=['input']) }}

with

claims as (

    select * from {{ ref('stg_uwv__claims') }}

),

kinds as (

    -- rowid: the seed's file order, in which the message lists the kinds
    select
        *,
        rowid as file_order
    from {{ ref('claim_kinds') }}

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

malformed_ids as (

    select
        source_line,
        'claim_id' as seed_column,
        coalesce('claim id "' || claim_id || '" is not', 'the claim id is empty, not')
        || ' C followed by digits (like C001)' as message
    from claims
    where not coalesce(regexp_full_match(claim_id, 'C[0-9]+'), false)

),

known_kinds as (

    select string_agg(kind, ', ' order by file_order) as kind_list from kinds

),

unknown_kinds as (

    select
        claims.source_line,
        'claim_kind' as seed_column,
        'unknown kind "' || claims.claim_kind || '" (one of ' || known_kinds.kind_list || ')'
            as message
    from claims
    cross join known_kinds
    where claims.claim_kind not in (select kinds.kind from kinds)

),

unknown_figures as (

    select
        source_line,
        'figure' as seed_column,
        'figure ' || figure || ' does not exist (the publication has figures 1 to 15)' as message
    from claims
    where figure not between 1 and 15

),

checkable as (

    select * from claims
    where claim_kind != 'not_checkable'

),

-- Every code a checkable claim names, with the seed column it stands in and the list of
-- codes it must be one of (answers: those of the claim's question, or of its base question).
named as (

    select
        source_line,
        'question_code' as seed_column,
        'question' as code_kind,
        question_code as code,
        null as of_question
    from checkable
    union all
    select
        source_line,
        'base_question_code' as seed_column,
        'question' as code_kind,
        base_question_code as code,
        null as of_question
    from checkable
    -- A base that repeats the claim's own code (staging's default) is reported once, above.
    where base_question_code != question_code
    union all
    select
        source_line,
        'population_code' as seed_column,
        'population' as code_kind,
        population_code as code,
        null as of_question
    from checkable
    union all
    select
        source_line,
        'base_population_code' as seed_column,
        'population' as code_kind,
        base_population_code as code,
        null as of_question
    from checkable
    where base_population_code != population_code
    union all
    select
        source_line,
        'sector_codes' as seed_column,
        'sector' as code_kind,
        unnest(sector_codes) as code,
        null as of_question
    from checkable
    union all
    select
        source_line,
        'reference_sector_code' as seed_column,
        'sector' as code_kind,
        reference_sector_code as code,
        null as of_question
    from checkable
    where reference_sector_code is not null
    union all
    select
        source_line,
        'size_class_codes' as seed_column,
        'size class' as code_kind,
        unnest(size_class_codes) as code,
        null as of_question
    from checkable
    union all
    select
        source_line,
        'reference_size_class_code' as seed_column,
        'size class' as code_kind,
        reference_size_class_code as code,
        null as of_question
    from checkable
    where reference_size_class_code is not null
    union all
    select
        source_line,
        'answer_codes' as seed_column,
        'answer' as code_kind,
        unnest(answer_codes) as code,
        question_code as of_question
    from checkable
    union all
    select
        source_line,
        'base_answer_codes' as seed_column,
        'answer' as code_kind,
        unnest(base_answer_codes) as code,
        base_question_code as of_question
    from checkable
    where base_question_code != question_code or base_answer_codes != answer_codes

),

unknown_codes as (

    select
        named.source_line,
        named.seed_column,
        'unknown ' || named.code_kind || ' "' || named.code || '"'
        || coalesce(' of question "' || named.of_question || '"', '') as message
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
            named.code_kind = 'answer'
            and exists (
                select 1
                from answers
                where
                    answers.question_code = named.of_question
                    and answers.answer_code = named.code
            )
        )
    )

),

problems as (

    select * from malformed_ids
    union all
    select * from unknown_kinds
    union all
    select * from unknown_figures
    union all
    select * from unknown_codes

),

final as (

    select distinct
        source_line,
        'seeds/quality/claims.csv line ' || source_line || ', column "' || seed_column || '": '
        || message as problem
    from problems

)

select * from final
order by source_line, problem
