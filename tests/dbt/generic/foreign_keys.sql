{#- Every foreign key of a model in one query. `keys` lists the model's references, each
    {columns: [...], to: ref('...'), fields: [...]} (`fields`, the referenced columns, default
    to `columns`). Fails with one row per distinct orphan: a value of `columns` (joined by
    '|' for a compound key) with no row in `to` whose `fields` hold it, and how many rows
    carry it (`orphan_rows`). A key whose columns are all null is not checked (as dbt's
    `relationships`); a partly null compound key is an orphan. -#}
{% test foreign_keys(model, keys) %}

with

{% for key in keys %}
{%- set fields = key.fields or key.columns %}
orphans_{{ loop.index }} as (

    select
        '{{ key.columns | join(", ") }}' as key_columns,
        concat_ws('|', {% for column in key.columns -%}
            coalesce(cast(children.{{ column }} as varchar), '(null)')
            {{- ', ' if not loop.last }}
        {%- endfor %}) as orphan_value,
        '{{ key.to | replace("'", "''") }}' as referenced_relation,
        '{{ fields | join(", ") }}' as referenced_columns,
        count(*) as orphan_rows
    from {{ model }} as children
    where
        not ({% for column in key.columns -%}
            children.{{ column }} is null{{ ' and ' if not loop.last }}
        {%- endfor %})
        and not exists (
            select 1
            from {{ key.to }} as parents
            where
                {%- for column in key.columns %}
                parents.{{ fields[loop.index0] }} = children.{{ column }}
                {{- ' and' if not loop.last }}
                {%- endfor %}
        )
    group by orphan_value

),

{% endfor %}
validation_errors as (

    {% for key in keys -%}
    select * from orphans_{{ loop.index }}
    {% if not loop.last %}union all
    {% endif %}
    {%- endfor %}

)

select * from validation_errors

{% endtest %}
