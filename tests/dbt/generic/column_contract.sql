{#- A model's column-level contract in one query (one dbt node instead of one per check):
    its primary key and required columns, other unique keys, foreign keys, code lists and
    measure ranges. Each part is the SQL of the generic test that holds that check alone
    (primary_key, foreign_keys, measures_in_range, dbt's accepted_values), called here and
    reshaped to one row per problem:

      failed_check   primary_key, not_null, unique_key, foreign_key, accepted_values or
                     measure_range
      column_names   the column(s) checked, comma-separated
      failing_value  the value that fails (a compound value joined by '|' and a null part
                     shown as '(null)', as test_foreign_keys shows an orphan; empty for a null
                     in a not_null column)
      expected       what the check wants instead
      failing_rows   how many rows of the model carry the value
      row_key        for not_null: the primary key of those rows; empty otherwise

    The rows come ordered by check, columns and value, so the first failing row a build
    reports is the same every time. There is no `problem` column: that name is reserved for
    input tests, whose messages replace the test's name in uwv-ai's report (an invariant keeps
    its name and shows its first failing row). -#}
{% test column_contract(
    model,
    primary_key,
    not_null=[],
    unique_keys=[],
    foreign_keys=[],
    accepted_values={},
    measures_in_range=false
) %}
{%- set key_names = primary_key | join(', ') %}

with

{#- test_primary_key's rows: the key columns, `occurrences` and `problem`, which is "repeated
    key", "null key" or "null <column>" for a not_null column. #}
key_failures as (

    select
        case
            when problem in ('repeated key', 'null key') then 'primary_key' else 'not_null'
        end as failed_check,
        case
            when problem in ('repeated key', 'null key') then '{{ key_names }}'
            else substr(problem, length('null ') + 1)
        end as column_names,
        concat_ws('|', {% for column in primary_key -%}
            coalesce(cast({{ column }} as varchar), '(null)')
            {{- ', ' if not loop.last }}
        {%- endfor %}) as key_value,
        problem,
        occurrences
    from ({{ test_primary_key(model, primary_key, not_null) }}) as failures

),

validation_errors as (

    select
        failed_check,
        column_names,
        case when failed_check = 'primary_key' then key_value end as failing_value,
        case problem
            when 'repeated key' then 'one row per key'
            when 'null key' then 'no null in the key'
            else 'a value in every row'
        end as expected,
        occurrences as failing_rows,
        case when failed_check = 'not_null' then key_value end as row_key
    from key_failures
    {%- for key in unique_keys %}

    union all

    select
        'unique_key' as failed_check,
        '{{ key | join(", ") }}' as column_names,
        concat_ws('|', {% for column in key -%}
            coalesce(cast({{ column }} as varchar), '(null)')
            {{- ', ' if not loop.last }}
        {%- endfor %}) as failing_value,
        case problem
            when 'repeated key' then 'one row per key'
            else 'no null in the key'
        end as expected,
        occurrences as failing_rows,
        null as row_key
    from ({{ test_primary_key(model, key) }}) as failures
    {%- endfor %}
    {%- if foreign_keys %}

    union all

    select
        'foreign_key' as failed_check,
        key_columns as column_names,
        orphan_value as failing_value,
        'a row of ' || referenced_relation || ' (' || referenced_columns || ')' as expected,
        orphan_rows as failing_rows,
        null as row_key
    from ({{ test_foreign_keys(model, foreign_keys) }}) as failures
    {%- endif %}
    {%- for column, values in accepted_values | dictsort %}

    union all

    select
        'accepted_values' as failed_check,
        '{{ column }}' as column_names,
        cast(value_field as varchar) as failing_value,
        'one of: {{ values | join(", ") | replace("'", "''") }}' as expected,
        n_records as failing_rows,
        null as row_key
    from ({{ dbt.test_accepted_values(model, column, values) }}) as failures
    {%- endfor %}
    {%- if measures_in_range %}

    union all

    select
        'measure_range' as failed_check,
        column_name as column_names,
        cast(measure as varchar) as failing_value,
        concat('from ', low, ' to ', high) as expected,
        count(*) as failing_rows,
        null as row_key
    from ({{ test_measures_in_range(model) }}) as failures
    group by column_name, measure, low, high
    {%- endif %}

)

select * from validation_errors
order by
    case failed_check
        when 'primary_key' then 1
        when 'unique_key' then 2
        when 'not_null' then 3
        when 'foreign_key' then 4
        when 'accepted_values' then 5
        else 6
    end,
    column_names,
    failing_value

{% endtest %}

