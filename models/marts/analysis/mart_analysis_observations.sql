{#- The published observations with every label an analysis mart shows, in Dutch and English,
    the sort orders of the publication and the quality flags (quality.observation_flags). The
    shared input of the analysis marts, so that they carry exactly the fact table's values;
    ephemeral: it has no table of its own. -#}
{{ config(materialized='ephemeral') }}

with

observations as (

    select * from {{ ref('fct_survey_share') }}

),

flags as (

    select * from {{ ref('observation_flags') }}

),

sectors as (

    select * from {{ ref('dim_sector') }}

),

size_classes as (

    select * from {{ ref('dim_size_class') }}

),

populations as (

    select * from {{ ref('dim_population') }}

),

answers as (

    select * from {{ ref('dim_answer') }}

),

final as (

    select
        observations.edition,
        observations.survey_year,
        observations.population_code,
        populations.population_label_nl,
        populations.population_label_en,
        observations.sector_code,
        sectors.sector_name_en as sector_label_en,
        sectors.sort_order as sector_sort_order,
        observations.size_class_code,
        size_classes.size_class_label_nl,
        size_classes.size_class_label_en,
        size_classes.sort_order as size_class_sort_order,
        observations.question_code,
        observations.answer_code,
        answers.answer_label_nl,
        answers.answer_label_en,
        answers.answer_ordinal,
        observations.share_pct,
        observations.obs_status,
        flags.quality_flag,
        flags.discrepancy_claim_ids,
        coalesce(sectors.table_label_nl, sectors.sector_name_nl) as sector_label_nl,
        -- An observation without a flag has no number in doubt.
        coalesce(flags.number_in_doubt, false) as number_in_doubt
    from observations
    inner join sectors
        on observations.sector_code = sectors.sector_code
    inner join size_classes
        on observations.size_class_code = size_classes.size_class_code
    inner join populations
        on observations.population_code = populations.population_code
    inner join answers
        on
            observations.question_code = answers.question_code
            and observations.answer_code = answers.answer_code
    left join flags
        on {{ join_on_observation_key('observations', 'flags') }}

)

select * from final
