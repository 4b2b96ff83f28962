{#- A number as a short text for messages: at most two decimals, no trailing zeros. -#}
{% macro format_number(expression) %}
    regexp_replace(
        regexp_replace(cast(round({{ expression }}, 2) as varchar), '(\.\d*?)0+$', '\1'),
        '\.$',
        ''
    )
{% endmacro %}
