-- Current AI use by sector, 2025 against 2024: the share of employers using AI to a
-- reasonable or (very) high extent, in percentage points. Compile with `dbt compile` or
-- run the query below on the published warehouse with the marts schema names.
with

shares as (

    select * from {{ ref('fct_survey_share') }}

),

sectors as (

    select * from {{ ref('dim_sector') }}

),

any_use as (

    select
        sector_code,
        survey_year,
        sum(share_pct) as reasonable_or_high_pct
    from shares
    where
        question_code = 'AI_USE_NOW'
        and answer_code in ('HIGH', 'REASONABLE')
        and size_class_code = '_T'
    group by sector_code, survey_year

),

final as (

    select
        sectors.sector_name_nl,
        sectors.sector_name_en,
        now_.reasonable_or_high_pct as pct_2025,
        before_.reasonable_or_high_pct as pct_2024,
        now_.reasonable_or_high_pct - before_.reasonable_or_high_pct as change_pp
    from any_use as now_
    inner join any_use as before_
        on now_.sector_code = before_.sector_code and before_.survey_year = 2024
    inner join sectors
        on now_.sector_code = sectors.sector_code
    where now_.survey_year = 2025

)

select * from final
order by pct_2025 desc
