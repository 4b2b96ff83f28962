{#- The quality columns of a row made of several observations of `relation` (an aggregate, for
    a `group by`): obs_status, the highest non-normal status among them ('A' if all are
    normal); quality_flag, the first of their flags in the code list's order; number_in_doubt,
    whether any of their numbers is in doubt; discrepancy_claim_ids, all their claims. -#}
{% macro aggregated_quality(relation) %}
coalesce(
            max({{ relation }}.obs_status) filter (where {{ relation }}.obs_status != 'A'), 'A'
        ) as obs_status,
        {{ first_quality_flag('list(' ~ relation ~ '.quality_flag)') }} as quality_flag,
        bool_or({{ relation }}.number_in_doubt) as number_in_doubt,
        {{ sorted_claim_ids("string_agg(" ~ relation ~ ".discrepancy_claim_ids, ', ')") }}
            as discrepancy_claim_ids
{%- endmacro %}
