{#- Measures employers take to guide employees in using AI or prepare them for it (figures 7, 12
    and 13), by population, sector and size class, against the total of the same population. -#}
with

shares as (

    select * from {{ ref('mart_multi_response_shares') }}
    where question_code = 'AI_SUPPORT_MEASURES'

),

final as (

    select
        edition,
        survey_year,
        population_code,
        population_label_nl,
        population_label_en,
        sector_code,
        sector_label_nl,
        sector_label_en,
        size_class_code,
        size_class_label_nl,
        size_class_label_en,
        answer_code as measure_code,
        answer_label_nl as measure_label_nl,
        answer_label_en as measure_label_en,
        share_pct,
        total_share_pct,
        difference_from_total_pp,
        rank_in_group,
        obs_status,
        quality_flag,
        number_in_doubt,
        discrepancy_claim_ids,
        sector_sort_order,
        size_class_sort_order,
        answer_ordinal as measure_sort_order
    from shares

)

select * from final
order by
    edition, survey_year, population_code, sector_sort_order, size_class_sort_order,
    measure_sort_order
