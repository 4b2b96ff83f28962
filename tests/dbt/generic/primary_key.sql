{#- A primary key in one query: fails for every key that is null in any of its `columns`
    or occurs more than once. Cheaper than a unique and a not_null test per column (each
    dbt test costs a query and ~14 ms of overhead) and it works for compound keys. -#}
{% test primary_key(model, columns) %}

with

keys as (

    select
        {{ columns | join(',\n        ') }},
        count(*) as occurrences
    from {{ model }}
    group by {{ columns | join(', ') }}

),

validation_errors as (

    select *
    from keys
    where
        occurrences > 1
        {%- for column in columns %}
        or {{ column }} is null
        {%- endfor %}

)

select * from validation_errors

{% endtest %}
