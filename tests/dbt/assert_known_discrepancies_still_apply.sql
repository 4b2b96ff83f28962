-- An entry of known_discrepancies whose claim now matches (or no longer exists) is stale:
-- remove it, so that the list only ever holds real contradictions.
select
    known.claim_id,
    coalesce(checks.status, 'no such claim') as status
from {{ ref('stg_uwv__known_claim_discrepancies') }} as known
left join {{ ref('claim_checks') }} as checks
    on known.claim_id = checks.claim_id
where checks.status is null or checks.status != 'mismatch'
