{#- Fails for every row whose `column_name` is not `value` (or is null). The failing rows are
    returned whole, so whoever reports the failure can name the offending row. -#}
{% test all_equal(model, column_name, value) %}

with

validation_errors as (

    select *
    from {{ model }}
    where {{ column_name }} is distinct from {{ value }}

)

select * from validation_errors

{% endtest %}
