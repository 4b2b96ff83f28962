{#- Every percentage column (`*_pct`) of the model lies in 0..100 and every change in
    percentage points (`*_pp`) in -100..100. The columns are found by name in the model's
    declaration (every column is declared), so a new measure is checked without editing
    this test, and no database is needed to compile it. Fails for every value outside. -#}
{% test measures_in_range(model) %}
    {%- set node = graph.nodes.values() | selectattr('name', 'equalto', model.identifier)
        | rejectattr('resource_type', 'equalto', 'test') | first if execute else none -%}
    {%- set measures = [] -%}
    {%- for column in (node.columns if node else {}) | sort
        if column.endswith('_pct') or column.endswith('_pp') -%}
        {%- do measures.append((column, -100 if column.endswith('_pp') else 0)) -%}
    {%- endfor %}

    with

    measures as (

        {% for column, low in measures %}
            select
                '{{ column }}' as column_name,
                {{ low }} as low,
                100 as high,
                {{ column }} as measure
            from {{ model }}
            {% if not loop.last %}union all{% endif %}
        {% else %}
            select null as column_name, 0 as low, 100 as high, null as measure
        {% endfor %}

    ),

    validation_errors as (

        select *
        from measures
        where measure < low or measure > high

    )

    select * from validation_errors
{% endtest %}
