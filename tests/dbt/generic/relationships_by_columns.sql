{#- Compound foreign key: fails for every distinct combination of `columns` in the model
    that has no row with the same values in `to` (columns of the same names). -#}
{% test relationships_by_columns(model, columns, to) %}

with

children as (

    select distinct {{ columns | join(', ') }}
    from {{ model }}

),

validation_errors as (

    select *
    from children
    where not exists (
        select 1
        from {{ to }} as parents
        where
            {%- for column in columns %}
            parents.{{ column }} = children.{{ column }}{{ ' and' if not loop.last }}
            {%- endfor %}
    )

)

select * from validation_errors

{% endtest %}
