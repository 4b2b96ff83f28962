{#- A comma-separated list of claim ids, each once, in order; null when empty. Used wherever
    rows combine the `discrepancy_claim_ids` of several observations, whether the texts are
    aggregated (string_agg) or joined side by side (concat_ws). -#}
{% macro sorted_claim_ids(text_expression) %}
    nullif(array_to_string(list_sort(list_distinct(string_split({{ text_expression }}, ', '))), ', '), '')
{% endmacro %}
