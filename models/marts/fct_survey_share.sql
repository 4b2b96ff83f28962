{#- One row per distinct published observation. Quality flags (where the publication's own
    text contradicts a number) live in quality.observation_flags, keyed by the same columns, so
    that the claim checks are a side branch: editing a claim does not rebuild this table. -#}
with

observations as (

    select * from {{ ref('int_observations_deduplicated') }}

),

final as (

    select
        edition,
        survey_year,
        population_code,
        sector_code,
        size_class_code,
        question_code,
        answer_code,
        share_pct,
        obs_status,
        value_origin,
        published_text,
        printed_in_figures,
        printings
    from observations

)

select * from final
order by
    edition, survey_year, question_code, population_code, sector_code, size_class_code, answer_code
