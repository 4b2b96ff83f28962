{#- A seed must have exactly the columns declared in its `column_types`, in that order.
    A missing, extra, renamed or moved column would otherwise load silently (dbt creates
    the table from the file's header) and be ignored or misread downstream, so this test
    stops the build with one line naming the seed file and the column. -#}
{% test columns_as_declared(model) %}

{%- set seed = namespace(file=model.identifier, columns=[]) -%}
{%- if execute -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'seed' and node.alias == model.identifier -%}
        {%- set seed.file = node.original_file_path -%}
        {%- set seed.columns = node.config.column_types.keys() | list -%}
    {%- endfor -%}
{%- endif -%}

with

actual as (

    select
        column_name,
        ordinal_position
    from information_schema.columns
    where
        table_schema = '{{ model.schema }}'
        and table_name = '{{ model.identifier }}'

),

declared as (

    select
        column_name,
        ordinal_position
    from (
        values
        {%- for column in seed.columns %}
        ('{{ column | replace("'", "''") }}', {{ loop.index }}){{ ',' if not loop.last }}
        {%- endfor %}
    ) as declared (column_name, ordinal_position)

),

compared as (

    select
        coalesce(actual.column_name, declared.column_name) as column_name,
        case
            when actual.column_name is null then 'is declared in seeds/_seeds.yml but missing'
            when declared.column_name is null then 'is not declared in seeds/_seeds.yml'
            else 'is column ' || actual.ordinal_position
                || ' but declared as column ' || declared.ordinal_position
        end as problem
    from actual
    full outer join declared
        on actual.column_name = declared.column_name
    where
        actual.column_name is null
        or declared.column_name is null
        or actual.ordinal_position != declared.ordinal_position

),

validation_errors as (

    -- Raise instead of only returning rows: the message must name the file and columns.
    select string_agg('column "' || column_name || '" ' || problem, '; ') as problems
    from compared
    having count(*) > 0

)

select *
from validation_errors
where error('{{ seed.file }}: ' || problems) is null

{% endtest %}
