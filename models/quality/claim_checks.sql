{#- One row per claim of the running text: what the text says (`expected`), what the
    published tables give (`observed`) and whether they agree. How a claim is checked
    depends only on its kind and its seed row, so a new edition's claims are new rows.

    Tolerance: a claim about one printed share must match it exactly; a claim about a sum of
    n printed shares may differ by up to (n + 1) / 2 points, rounded down, because each
    printed share and the text's own number are rounded to whole percents. -#}
with

claims as (

    select * from {{ ref('stg_uwv__claims') }}

),

side_observations as (

    select * from {{ ref('int_claim_side_observations') }}

),

observations as (

    select * from {{ ref('int_observations_deduplicated') }}

),

known as (

    select * from {{ ref('stg_uwv__known_claim_discrepancies') }}

),

-- For every claim and subject: the claim's measure (the sum of the shares of its answers)
-- and its base measure (see int_claim_measure_sides). Counts of the answers found let the
-- checks tell a missing number from a wrong one.
measured as (

    select
        claim_id,
        sector_code,
        size_class_code,
        is_claimed,
        side,
        observed_sector_code,
        observed_size_class_code,
        answers_expected,
        sum(share_pct) as value_pct,
        count(answer_code) as answers_found
    from side_observations
    group by all

),

measurements as (

    select
        claim_id,
        sector_code,
        size_class_code,
        is_claimed,
        max(value_pct) filter (where side = 'own') as value_pct,
        max(answers_found) filter (where side = 'own') as answers_found,
        max(value_pct) filter (where side = 'base') as base_value_pct,
        max(answers_found) filter (where side = 'base') as base_answers_found,
        max(answers_expected) filter (where side = 'own') as answers_expected,
        max(answers_expected) filter (where side = 'base') as base_answers_expected
    from measured
    group by claim_id, sector_code, size_class_code, is_claimed

),

subjects as (

    select
        measurements.*,
        claims.claim_kind,
        claims.names_a_base,
        claims.expected_value,
        claims.expected_base_value,
        claims.expected_low,
        claims.expected_high,
        claims.top_n,
        case
            when measurements.answers_expected = 1 then 0
            else floor((measurements.answers_expected + 1) / 2)
        end as tolerance_pp,
        case
            when measurements.size_class_code = '_T' then measurements.sector_code
            when measurements.sector_code = '_T' then measurements.size_class_code
            else measurements.sector_code || '/' || measurements.size_class_code
        end as subject,
        measurements.value_pct - measurements.base_value_pct as difference_pp,
        measurements.value_pct / nullif(measurements.base_value_pct, 0) as ratio,
        measurements.answers_found < measurements.answers_expected
        or (
            (
                claims.claim_kind in (
                    'change', 'ratio', 'increase', 'decrease',
                    'higher_than', 'lower_than', 'figure_5'
                )
                or (claims.claim_kind = 'ranking' and claims.names_a_base)
            )
            and measurements.base_answers_found < measurements.base_answers_expected
        ) as is_missing
    from measurements
    inner join claims
        on measurements.claim_id = claims.claim_id

),

judged as (

    select
        *,
        case claim_kind
            when 'value'
                then
                    coalesce(abs(value_pct - expected_value) <= tolerance_pp, true)
                    and coalesce(value_pct >= expected_low, true)
                    and coalesce(value_pct <= expected_high, true)
            when 'change'
                then
                    abs(value_pct - expected_value) <= tolerance_pp
                    and abs(base_value_pct - expected_base_value) <= tolerance_pp
            when 'ratio'
                then
                    coalesce(ratio >= expected_low, true) and coalesce(ratio <= expected_high, true)
            when 'increase' then value_pct > base_value_pct
            when 'decrease' then value_pct < base_value_pct
            when 'higher_than' then difference_pp >= coalesce(expected_low, 1)
            when 'lower_than' then -difference_pp >= coalesce(expected_low, 1)
        end as subject_agrees,
        -- Rankings order sectors by the measure, or by its growth when the claim names a base.
        rank() over (
            partition by claim_id
            order by case when names_a_base then difference_pp else value_pct end desc
        ) as subject_rank,
        case when names_a_base then difference_pp else value_pct end as ranking_measure
    from subjects

),

per_claim as (

    select
        claim_id,
        bool_or(is_missing and (is_claimed or claim_kind in ('ranking', 'figure_5')))
            as has_missing,
        bool_and(subject_agrees) filter (where is_claimed) as all_subjects_agree,
        min(value_pct) filter (where is_claimed) as min_value_pct,
        max(value_pct) filter (where is_claimed) as max_value_pct,
        max(tolerance_pp) as tolerance_pp,
        max(subject_rank) filter (where is_claimed) as worst_claimed_rank,
        list_sort(list(subject) filter (where is_claimed)) as claimed_subjects,
        -- The figure 5 box's rule: more than expected_low (10) points above the total.
        list_sort(list(subject) filter (where difference_pp > expected_low)) as above_threshold,
        string_agg(
            subject || ' '
            || case
                when claim_kind = 'change'
                    then {{ format_number('base_value_pct') }} || ' -> '
                else ''
            end
            || {{ format_number('value_pct') }}
            || case
                when claim_kind in ('value', 'range', 'ranking', 'change') then ''
                when claim_kind = 'ratio'
                    then
                        ' / ' || {{ format_number('base_value_pct') }}
                        || ' = ' || {{ format_number('ratio') }}
                else ' vs ' || {{ format_number('base_value_pct') }}
            end,
            '; '
            order by subject
        ) filter (where is_claimed) as claimed_observed,
        string_agg(
            '#' || subject_rank || ' ' || subject || ' ' || {{ format_number('ranking_measure') }},
            ', '
            order by subject_rank, subject
        ) filter (where subject_rank <= coalesce(top_n, 0) or is_claimed) as ranking_observed
    from judged
    group by claim_id

),

answer_ranks as (

    -- answer_ranking claims: the claimed answers are the most frequent ones of the question.
    select
        claims.claim_id,
        observations.answer_code,
        observations.share_pct,
        list_contains(claims.answer_codes, observations.answer_code) as is_claimed,
        rank() over (partition by claims.claim_id order by observations.share_pct desc)
            as answer_rank
    from claims
    inner join observations
        on
            claims.edition = observations.edition
            and claims.survey_year = observations.survey_year
            and claims.population_code = observations.population_code
            and claims.sector_codes[1] = observations.sector_code
            and claims.size_class_codes[1] = observations.size_class_code
            and claims.question_code = observations.question_code
    where claims.claim_kind = 'answer_ranking'

),

answer_ranking as (

    select
        claim_id,
        max(answer_rank) filter (where is_claimed) as worst_claimed_rank,
        count(*) filter (where is_claimed) as claimed_found,
        string_agg(
            '#' || answer_rank || ' ' || answer_code || ' ' || {{ format_number('share_pct') }},
            ', '
            order by answer_rank, answer_code
        ) as ranking_observed
    from answer_ranks
    group by claim_id

),

checked as (

    select
        claims.claim_id,
        claims.figure,
        claims.section,
        claims.claim_kind,
        claims.paraphrase_en,
        claims.paraphrase_nl,
        claims.note,
        case claims.claim_kind
            when 'value'
                then
                    coalesce(
                        {{ format_number('claims.expected_value') }},
                        coalesce({{ format_number('claims.expected_low') }}, '')
                        || ' to ' || coalesce({{ format_number('claims.expected_high') }}, '')
                    )
            when 'change'
                then
                    {{ format_number('claims.expected_base_value') }}
                    || ' -> ' || {{ format_number('claims.expected_value') }}
            when 'ratio'
                then
                    'ratio ' || coalesce({{ format_number('claims.expected_low') }}, '')
                    || ' to ' || coalesce({{ format_number('claims.expected_high') }}, '')
            when 'increase' then 'higher than the base'
            when 'decrease' then 'lower than the base'
            when 'higher_than'
                then
                    'at least ' || coalesce({{ format_number('claims.expected_low') }}, '1')
                    || ' point(s) above the reference for '
                    || array_to_string(per_claim.claimed_subjects, ', ')
            when 'lower_than'
                then
                    'at least ' || coalesce({{ format_number('claims.expected_low') }}, '1')
                    || ' point(s) below the reference for '
                    || array_to_string(per_claim.claimed_subjects, ', ')
            when 'range'
                then
                    {{ format_number('claims.expected_low') }}
                    || ' to ' || {{ format_number('claims.expected_high') }}
            when 'ranking'
                then
                    array_to_string(per_claim.claimed_subjects, ', ')
                    || ' in the top ' || claims.top_n
            when 'answer_ranking'
                then
                    array_to_string(claims.answer_codes, ', ')
                    || ' in the top ' || claims.top_n
            when 'figure_5' then array_to_string(per_claim.claimed_subjects, ', ')
        end as expected,
        case claims.claim_kind
            when 'range'
                then
                    {{ format_number('per_claim.min_value_pct') }}
                    || ' to ' || {{ format_number('per_claim.max_value_pct') }}
                    || ' (' || per_claim.claimed_observed || ')'
            when 'ranking' then per_claim.ranking_observed
            when 'answer_ranking' then answer_ranking.ranking_observed
            when 'figure_5' then array_to_string(per_claim.above_threshold, ', ')
            else per_claim.claimed_observed
        end as observed,
        case
            when claims.claim_kind = 'not_checkable' then 'not_checkable'
            when per_claim.has_missing then 'mismatch'
            when claims.claim_kind = 'answer_ranking'
                then
                    case
                        when
                            answer_ranking.claimed_found = len(claims.answer_codes)
                            and answer_ranking.worst_claimed_rank <= claims.top_n
                            then 'match'
                        else 'mismatch'
                    end
            when claims.claim_kind = 'range'
                then
                    case
                        when
                            abs(per_claim.min_value_pct - claims.expected_low)
                            <= per_claim.tolerance_pp
                            and abs(per_claim.max_value_pct - claims.expected_high)
                            <= per_claim.tolerance_pp
                            then 'match'
                        else 'mismatch'
                    end
            when claims.claim_kind = 'ranking'
                then
                    case
                        when per_claim.worst_claimed_rank <= claims.top_n then 'match' else
                            'mismatch'
                    end
            when claims.claim_kind = 'figure_5'
                then
                    case
                        when per_claim.above_threshold = per_claim.claimed_subjects then 'match'
                        else 'mismatch'
                    end
            when per_claim.all_subjects_agree then 'match'
            else 'mismatch'
        end as status
    from claims
    left join per_claim
        on claims.claim_id = per_claim.claim_id
    left join answer_ranking
        on claims.claim_id = answer_ranking.claim_id

),

final as (

    select
        checked.claim_id,
        checked.figure,
        checked.section,
        checked.claim_kind,
        checked.paraphrase_en,
        checked.paraphrase_nl,
        checked.expected,
        checked.observed,
        checked.status,
        known.discrepancy_category,
        known.claim_id is not null as is_known_discrepancy,
        case
            when checked.status = 'not_checkable' then checked.note
            when checked.status = 'mismatch' and known.claim_id is not null
                then known.discrepancy_explanation
            when checked.status = 'mismatch'
                then 'Not explained yet: review the claim and the tables.'
        end as explanation,
        -- The same in Dutch, where there is a Dutch text: the notes of claims that cannot be
        -- checked are in English only.
        case
            when checked.status = 'mismatch' and known.claim_id is not null
                then known.discrepancy_explanation_nl
            when checked.status = 'mismatch'
                then 'Nog niet verklaard: bekijk de uitspraak en de tabellen.'
        end as explanation_nl
    from checked
    left join known
        on checked.claim_id = known.claim_id

)

select * from final
