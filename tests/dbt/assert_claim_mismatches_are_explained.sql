-- A claim of the text that the tables contradict fails the build unless a reviewed entry in
-- seeds/quality/known_claim_discrepancies.csv explains it.
select
    claim_id,
    figure,
    claim_kind,
    expected,
    observed,
    paraphrase_en
from {{ ref('claim_checks') }}
where status = 'mismatch' and not is_known_discrepancy
