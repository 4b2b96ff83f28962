{#- The reference data that decides whether the sum rule (exclusive_shares_sum_to_100 on
    fct_survey_share) applies to a question cannot switch it off unnoticed. An input gate:
    - the response types whose answers exclude each other by definition (single_choice,
      yes_no) are pinned as exclusive in response_types.csv;
    - every question names a response type that response_types.csv defines (an unknown one
      would leave the question out of the sum rule);
    - a question declared non-exclusive whose shares nevertheless add up to 100% within
      rounding (|sum - 100| <= n / 2 for n printed shares, the sum rule's tolerance) in
      every printed group is rejected: its answers are evidently exclusive, so the
      declaration is what is wrong. -#}
{{ config(tags=['input']) }}

{%- set exclusive_by_definition = {
    'single_choice': 'each respondent gives exactly one answer',
    'yes_no': 'each respondent answers either yes or no',
} %}

with

-- Line in the CSV file: the header is line 1. Seeds are loaded in file order.
response_types as (

    select
        *,
        row_number() over () + 1 as seed_line
    from {{ ref('response_types') }}

),

questions as (

    select
        *,
        row_number() over () + 1 as seed_line
    from {{ ref('questions') }}

),

shares as (

    select * from {{ ref('fct_survey_share') }}

),

pinned as (

    {% for response_type, reason in exclusive_by_definition.items() %}
    select
        '{{ response_type }}' as response_type,
        '{{ reason }}' as reason
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

pinned_errors as (

    select
        'seeds/reference/response_types.csv line ' || response_types.seed_line
        || ', column "answers_are_exclusive": ' || pinned.response_type
        || ' has exclusive answers by definition (' || pinned.reason
        || '), so it must be true, not ' || coalesce(
            cast(response_types.answers_are_exclusive as varchar), 'empty'
        ) as problem
    from pinned
    inner join response_types
        on pinned.response_type = response_types.response_type
    where response_types.answers_are_exclusive is distinct from true

    union all

    select
        'seeds/reference/response_types.csv: the response type ' || pinned.response_type
        || ' is missing (its answers are exclusive by definition: ' || pinned.reason || ')'
            as problem
    from pinned
    where pinned.response_type not in (select response_types.response_type from response_types)

),

unknown_types as (

    select
        'seeds/reference/questions.csv line ' || questions.seed_line
        || ', column "response_type": question ' || questions.question_code
        || ' has the unknown response type "' || coalesce(questions.response_type, '')
        || '" (seeds/reference/response_types.csv defines '
        || (
            select string_agg(defined.response_type, ', ' order by defined.seed_line)
            from response_types as defined
        )
        || ')' as problem
    from questions
    where questions.response_type not in (
        select response_types.response_type from response_types
    ) or questions.response_type is null

),

groups as (

    select
        question_code,
        abs(sum(share_pct) - 100) <= count(*) / 2 as adds_up_to_100
    from shares
    group by
        edition,
        survey_year,
        population_code,
        sector_code,
        size_class_code,
        question_code

),

questions_adding_up as (

    select
        question_code,
        count(*) as group_count
    from groups
    group by question_code
    having bool_and(adds_up_to_100)

),

undeclared_errors as (

    select
        'seeds/reference/questions.csv line ' || questions.seed_line
        || ', column "response_type": question ' || questions.question_code || ' is '
        || questions.response_type
        || ', declared not exclusive (seeds/reference/response_types.csv line '
        || response_types.seed_line || '), yet its shares add up to 100% in all '
        || questions_adding_up.group_count
        || ' printed groups: its answers exclude each other, so the sum rule must apply'
            as problem
    from questions
    inner join response_types
        on questions.response_type = response_types.response_type
    inner join questions_adding_up
        on questions.question_code = questions_adding_up.question_code
    where not response_types.answers_are_exclusive

),

final as (

    select problem from pinned_errors
    union all
    select problem from unknown_types
    union all
    select problem from undeclared_errors

)

select * from final
