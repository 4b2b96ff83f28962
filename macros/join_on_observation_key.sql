{#- The join condition on the observation key shared by the fact table and everything that
    points to an observation: edition, survey year, population, sector, size class,
    question and answer. -#}
{% macro join_on_observation_key(left, right) %}
    {%- for column in observation_key_columns() %}
    {{ left }}.{{ column }} = {{ right }}.{{ column }}{{ ' and' if not loop.last }}
    {%- endfor %}
{% endmacro %}

{% macro observation_key_columns() %}
    {{ return([
        'edition', 'survey_year', 'population_code', 'sector_code',
        'size_class_code', 'question_code', 'answer_code',
    ]) }}
{% endmacro %}
