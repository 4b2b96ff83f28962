{#- The shares of the answers to a question whose answers exclude each other (single
    choice, yes/no) must add up to 100% within rounding. Which questions that applies to
    is data: `questions` says it per question in `exclusive_column`, so multi-response
    questions are exempt without being listed here.

    Tolerance: each printed share is rounded to the nearest `rounding_unit`, so it is off
    by at most half a unit, and the sum of n printed shares by at most n / 2 units. A
    group therefore fails when |sum - 100| > n * rounding_unit / 2. -#}
{% test exclusive_shares_sum_to_100(
    model,
    column_name,
    group_by,
    questions,
    question_column='question_code',
    exclusive_column='answers_are_exclusive',
    rounding_unit=1
) %}

with

exclusive_questions as (

    select {{ question_column }}
    from {{ questions }}
    where {{ exclusive_column }}

),

groups as (

    select
        {{ group_by | join(',\n        ') }},
        count(*) as printed_answers,
        sum({{ column_name }}) as total_pct
    from {{ model }}
    where {{ question_column }} in (select {{ question_column }} from exclusive_questions)
    group by {{ group_by | join(', ') }}

),

validation_errors as (

    select
        *,
        printed_answers * {{ rounding_unit }} / 2 as tolerance_pct
    from groups
    where abs(total_pct - 100) > printed_answers * {{ rounding_unit }} / 2

)

select * from validation_errors

{% endtest %}
