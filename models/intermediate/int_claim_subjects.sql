{#- The subjects (sector by size class) each checkable claim is about. A ranking or a
    figure 5 claim is about all surveyed sectors (it says which ones lead, so the others
    matter too); `is_claimed` marks the sectors the text names. -#}
with

claims as (

    select * from {{ ref('stg_uwv__claims') }}
    where claim_kind not in ('not_checkable', 'answer_ranking')

),

sectors as (

    select * from {{ ref('stg_uwv__sectors') }}
    where in_survey_scope and sector_code != '_T'

),

named_sectors as (

    select
        claim_id,
        size_class_codes,
        unnest(sector_codes) as sector_code
    from claims
    where claim_kind not in ('ranking', 'figure_5')

),

named as (

    select
        claim_id,
        sector_code,
        unnest(size_class_codes) as size_class_code,
        true as is_claimed
    from named_sectors

),

all_sectors as (

    select
        claims.claim_id,
        sectors.sector_code,
        claims.size_class_codes[1] as size_class_code,
        list_contains(claims.sector_codes, sectors.sector_code) as is_claimed
    from claims
    cross join sectors
    where claims.claim_kind in ('ranking', 'figure_5')

),

final as (

    select * from named
    union all
    select * from all_sectors

)

select * from final
