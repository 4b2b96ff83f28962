{#- A text value as a message shows it: in double quotes, cut to its first 200 characters
    (with its length when cut), so that a huge cell still gives a readable one-line message. -#}
{% macro shown_value(expression, limit=200) %}
    (
        '"' || left({{ expression }}, {{ limit }})
        || case
            when length({{ expression }}) > {{ limit }}
                then '…" (' || length({{ expression }}) || ' characters)'
            else '"'
        end
    )
{% endmacro %}
