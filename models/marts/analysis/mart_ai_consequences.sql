{#- Consequences of AI that employers expect over the next five years (figures 4, 5 and 10), per
    sector and size class, against the national total and against the previous survey year
    (asked for the total only in 2024). -#}
with

shares as (

    select * from {{ ref('mart_multi_response_shares') }}
    where question_code = 'AI_IMPACT_5Y'

),

final as (

    select
        edition,
        survey_year,
        sector_code,
        sector_label_nl,
        sector_label_en,
        size_class_code,
        size_class_label_nl,
        size_class_label_en,
        answer_code as consequence_code,
        answer_label_nl as consequence_label_nl,
        answer_label_en as consequence_label_en,
        share_pct,
        total_share_pct,
        difference_from_total_pp,
        rank_in_group,
        previous_survey_year,
        previous_share_pct,
        change_pp,
        obs_status,
        quality_flag,
        number_in_doubt,
        discrepancy_claim_ids,
        sector_sort_order,
        size_class_sort_order,
        answer_ordinal as consequence_sort_order
    from shares

)

select * from final
order by edition, survey_year, sector_sort_order, size_class_sort_order, consequence_sort_order
