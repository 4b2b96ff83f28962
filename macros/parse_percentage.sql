{#- Parse a printed percentage such as '7%' into the integer 7, strictly.

    Only a whole number from 0 to 100 directly followed by '%' is accepted. Anything else
    ('7,5%', '7 %', 'x', '120%', '-3%', an empty cell) stops the query with one line that
    names the seed file, the line in it, the column and the row label, because a silently
    wrong or missing published number is worse than a failed build. -#}
{% macro parse_percentage(column, source_file, column_label, row_label, source_line) %}
    case
        when regexp_full_match({{ column }}, '(100|[1-9]?[0-9])%')
            then cast(rtrim({{ column }}, '%') as integer)
        else error(
            '{{ source_file }} line ' || {{ source_line }}
            || ', column "{{ column_label | replace("'", "''") }}", row "'
            || coalesce({{ row_label }}, '') || '": '
            || coalesce('"' || {{ column }} || '"', 'empty cell')
            || ' is not a percentage (expected a whole number from 0 to 100 followed by %)'
        )
    end
{% endmacro %}
