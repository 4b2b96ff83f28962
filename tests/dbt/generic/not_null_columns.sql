{#- Fails for every row in which any of `columns` is null: several not_null checks in
    one query. -#}
{% test not_null_columns(model, columns) %}

with

validation_errors as (

    select *
    from {{ model }}
    where
        1 = 0
        {%- for column in columns %}
        or {{ column }} is null
        {%- endfor %}

)

select * from validation_errors

{% endtest %}
