{#- Fails for every row whose `column_name` lies outside [min_value, max_value]
    (bounds inclusive unless `inclusive` is false; either bound may be omitted). -#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}

with

validation_errors as (

    select *
    from {{ model }}
    where
        1 = 0
        {%- if min_value is not none %}
        or {{ column_name }} {{ '<' if inclusive else '<=' }} {{ min_value }}
        {%- endif %}
        {%- if max_value is not none %}
        or {{ column_name }} {{ '>' if inclusive else '>=' }} {{ max_value }}
        {%- endif %}

)

select * from validation_errors

{% endtest %}
