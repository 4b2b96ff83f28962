{#- Fails for every group of `group_by` in which `column_name` takes more than one value:
    a number printed in several places must be printed the same everywhere. -#}
{% test single_value_per_group(model, column_name, group_by) %}

with

validation_errors as (

    select
        {{ group_by | join(',\n        ') }},
        count(distinct {{ column_name }}) as distinct_values,
        -- Sorted: string_agg(distinct ...) lists the values in no fixed order.
        array_to_string(list_sort(list(distinct {{ column_name }})), ', ') as values_seen
    from {{ model }}
    group by {{ group_by | join(', ') }}
    having count(distinct {{ column_name }}) > 1

)

select * from validation_errors

{% endtest %}
