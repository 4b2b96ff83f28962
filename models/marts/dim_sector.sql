with

sectors as (

    select * from {{ ref('stg_uwv__sectors') }}

),

sector_names as (

    select * from {{ ref('stg_uwv__fig15_sector_names') }}

),

printed_rows as (

    select * from {{ ref('stg_uwv__publication_rows') }}

),

table_labels as (

    -- The appendix tables label some sectors differently from figure 15
    -- (e.g. "Sociaal werk, jeugdzorg en kinderopvang"); keep that label too.
    select
        sector_code,
        -- (sorted: without an order the labels would come in no fixed order)
        string_agg(distinct row_label, ' / ' order by row_label) as table_label_nl
    from printed_rows
    where sector_code is not null and size_class_code = '_T'
    group by sector_code

),

final as (

    select
        sectors.sector_code,
        sectors.sector_name_nl,
        table_labels.table_label_nl,
        sectors.sector_name_en,
        sectors.sbi_2008_codes,
        sector_names.sbi_2008_printed,
        sectors.in_survey_scope,
        sectors.sort_order,
        sectors.sector_code = '_T' as is_total
    from sectors
    left join sector_names
        on sectors.sector_name_nl = sector_names.sector_name_nl
    left join table_labels
        on sectors.sector_code = table_labels.sector_code

)

select * from final
order by sort_order
