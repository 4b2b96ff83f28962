{#- One row per distinct published observation, with a quality flag where the publication's
    own text contradicts it (a reviewed entry of known_discrepancies involves it). -#}
with

observations as (

    select * from {{ ref('int_observations_deduplicated') }}

),

claim_observations as (

    select * from {{ ref('int_claim_observations') }}

),

known as (

    select * from {{ ref('stg_uwv__known_claim_discrepancies') }}

),

flags as (

    select
        claim_observations.edition,
        claim_observations.survey_year,
        claim_observations.population_code,
        claim_observations.sector_code,
        claim_observations.size_class_code,
        claim_observations.question_code,
        claim_observations.answer_code,
        string_agg(known.claim_id, ', ' order by known.claim_id) as discrepancy_claim_ids
    from claim_observations
    inner join known
        on claim_observations.claim_id = known.claim_id
    group by all

),

final as (

    select
        observations.edition,
        observations.survey_year,
        observations.population_code,
        observations.sector_code,
        observations.size_class_code,
        observations.question_code,
        observations.answer_code,
        observations.share_pct,
        observations.obs_status,
        observations.value_origin,
        observations.published_text,
        observations.printed_in_figures,
        observations.printings,
        flags.discrepancy_claim_ids,
        case
            when flags.discrepancy_claim_ids is not null then 'contradicted_by_text'
        end as quality_flag
    from observations
    left join flags
        on {{ join_on_observation_key('observations', 'flags') }}

)

select * from final
order by
    edition, survey_year, question_code, population_code, sector_code, size_class_code, answer_code
