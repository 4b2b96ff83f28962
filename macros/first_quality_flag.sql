{#- The first of some quality flags in the code list's order (marts.dim_quality_flag: the flags
    that put a number in doubt come first), or null when none is set. `flags` is a SQL list
    expression: `[a.quality_flag, b.quality_flag]` for flags side by side, or
    `list(quality_flag)` for the flags of a group (it may be used as an aggregate). The code
    list's columns are renamed inside, so that `quality_flag` in `flags` names the caller's. -#}
{% macro first_quality_flag(flags) %}
(
    select code_list.flag_code
    from (
        select
            quality_flag as flag_code,
            quality_flag_sort_order as flag_rank
        from {{ ref('dim_quality_flag') }}
    ) as code_list
    where list_contains({{ flags }}, code_list.flag_code)
    order by code_list.flag_rank
    limit 1
)
{%- endmacro %}
