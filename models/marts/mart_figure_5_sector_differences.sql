{#- Figure 5 rebuilt from figure 10: for every expected consequence and surveyed sector, the
    share against the average (the total) and whether it lies more than 10 points above it,
    the publication's rule for naming a sector in figure 5; next to whether figure 5 names it.
    The threshold (10) is written once, as expected_low of the figure 5 box's claims in
    seeds/quality/claims.csv, which quality.claim_checks reads too. -#}
with

observations as (

    select * from {{ ref('fct_survey_share') }}
    where question_code = 'AI_IMPACT_5Y' and size_class_code = '_T'

),

flags as (

    select * from {{ ref('observation_flags') }}

),

sectors as (

    select * from {{ ref('dim_sector') }}

),

answers as (

    select * from {{ ref('dim_answer') }}

),

claims as (

    select * from {{ ref('stg_uwv__claims') }}
    where claim_kind = 'figure_5'

),

rules as (

    select
        edition,
        survey_year,
        expected_low as threshold_pp,
        answer_codes[1] as answer_code
    from claims

),

named as (

    select
        edition,
        survey_year,
        answer_codes[1] as answer_code,
        unnest(sector_codes) as sector_code
    from claims

),

averages as (

    select
        edition,
        survey_year,
        population_code,
        answer_code,
        share_pct as average_pct
    from observations
    where sector_code = '_T'

),

final as (

    select
        observations.edition,
        observations.survey_year,
        observations.answer_code,
        answers.answer_label_nl,
        answers.answer_label_en,
        observations.sector_code,
        sectors.sector_name_nl,
        sectors.sector_name_en,
        observations.share_pct,
        averages.average_pct,
        flags.quality_flag,
        coalesce(flags.number_in_doubt, false) as number_in_doubt,
        observations.share_pct - averages.average_pct as difference_pp,
        observations.share_pct - averages.average_pct > rules.threshold_pp
            as is_more_than_10_above,
        named.sector_code is not null as is_named_in_figure_5,
        (observations.share_pct - averages.average_pct > rules.threshold_pp)
        = (named.sector_code is not null) as figure_5_agrees
    from observations
    inner join averages
        on
            observations.edition = averages.edition
            and observations.survey_year = averages.survey_year
            and observations.population_code = averages.population_code
            and observations.answer_code = averages.answer_code
    inner join sectors
        on observations.sector_code = sectors.sector_code
    inner join answers
        on
            observations.question_code = answers.question_code
            and observations.answer_code = answers.answer_code
    left join rules
        on
            observations.edition = rules.edition
            and observations.survey_year = rules.survey_year
            and observations.answer_code = rules.answer_code
    left join flags
        on {{ join_on_observation_key('observations', 'flags') }}
    left join named
        on
            observations.edition = named.edition
            and observations.survey_year = named.survey_year
            and observations.answer_code = named.answer_code
            and observations.sector_code = named.sector_code
    where observations.sector_code != '_T'

)

select * from final
order by answer_code asc, difference_pp desc
