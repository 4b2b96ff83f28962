{#- The quality flags of the published observations: one row per observation of
    marts.fct_survey_share that a reviewed entry of known_claim_discrepancies involves, keyed by
    the observation key. Each entry's category is a flag of marts.dim_quality_flag; an
    observation several entries involve carries the first of their flags in the code list's
    order, which puts the flags that doubt the number itself first, and `number_in_doubt` says
    whether any of them does. Observations without a flag have no row. The fact table does not
    carry the flags, so that editing a claim rebuilds the quality models and these flags, not
    the fact table; the analysis marts, the analyses and the report join them. -#}
with

claim_observations as (

    select * from {{ ref('claim_observations') }}

),

known as (

    select * from {{ ref('stg_uwv__known_claim_discrepancies') }}

),

flags as (

    select * from {{ ref('stg_uwv__quality_flags') }}

),

final as (

    select
        claim_observations.edition,
        claim_observations.survey_year,
        claim_observations.population_code,
        claim_observations.sector_code,
        claim_observations.size_class_code,
        claim_observations.question_code,
        claim_observations.answer_code,
        arg_min(flags.quality_flag, flags.quality_flag_sort_order) as quality_flag,
        bool_or(flags.number_in_doubt) as number_in_doubt,
        string_agg(distinct flags.quality_flag, ', ' order by flags.quality_flag)
            as quality_flags,
        string_agg(distinct known.claim_id, ', ' order by known.claim_id)
            as discrepancy_claim_ids
    from claim_observations
    inner join known
        on claim_observations.claim_id = known.claim_id
    inner join flags
        on known.discrepancy_category = flags.discrepancy_category
    group by all

)

select * from final
order by all
