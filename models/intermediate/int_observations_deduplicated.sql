{#- One row per distinct published observation. A number printed in several figures (for
    example figure 4's 2025 bars and figure 10's Totaal row) is one observation here; the
    test single_value_per_group on publication_cells proves that its printings agree.
    The claim checks read this model; fct_survey_share adds their quality flags to it. -#}
with

cells as (

    select * from {{ ref('int_publication_cells_conformed') }}

),

observations as (

    select
        edition,
        survey_year,
        population_code,
        sector_code,
        size_class_code,
        question_code,
        answer_code,
        min(value_pct) as share_pct,
        min(published_text) as published_text,
        array_to_string(list_sort(list(distinct figure)), ', ') as printed_in_figures,
        count(*) as printings
    from cells
    group by all

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
        cast(share_pct as decimal(5, 1)) as share_pct,
        -- Every value here is printed in the publication; derived values (issue-driven
        -- additions such as sums of answers) would carry 'derived'.
        'A' as obs_status,
        'published' as value_origin,
        published_text,
        printed_in_figures,
        printings
    from observations

)

select * from final
