{#- A primary key in one query: fails for every key that is null in any of its `columns`
    or occurs more than once, and for every row in which a column of `not_null` (other
    required columns of the model) is null. Cheaper than a unique and a not_null test per
    column (each dbt test costs a query and ~14 ms of overhead) and it works for compound
    keys. Each failing row names its problem: "repeated key", "null key" or
    "null <column>". -#}
{% test primary_key(model, columns, not_null=[]) %}

with

keys as (

    select
        {{ columns | join(',\n        ') }},
        count(*) as occurrences
    from {{ model }}
    group by {{ columns | join(', ') }}

),

key_errors as (

    select
        *,
        case when occurrences > 1 then 'repeated key' else 'null key' end as problem
    from keys
    where
        occurrences > 1
        {%- for column in columns %}
        or {{ column }} is null
        {%- endfor %}

),

{% for column in not_null %}
null_{{ loop.index }} as (

    select
        {{ columns | join(',\n        ') }},
        count(*) as occurrences,
        'null {{ column }}' as problem
    from {{ model }}
    where {{ column }} is null
    group by {{ columns | join(', ') }}

),

{% endfor %}
validation_errors as (

    select * from key_errors
    {%- for column in not_null %}
    union all
    select * from null_{{ loop.index }}
    {%- endfor %}

)

select * from validation_errors

{% endtest %}
