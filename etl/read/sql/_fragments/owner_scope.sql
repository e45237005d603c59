-- Fragment (not a query): {{hazard_scope}} with where each hazard's owning department comes from
-- (migration 014: the ledger's department, else the owner agreed at a 会商, else none). Adds
-- owner_department (= department, '' = none) and owner_source ('ledger' | 'agreed' | NULL = none).
-- Included as FROM ({{owner_scope}}) s. Params: those of {{hazard_scope}}.
SELECT sc.*, sc.department AS owner_department,
       CASE WHEN sc.ledger_department <> '' THEN 'ledger' WHEN sc.department <> '' THEN 'agreed' END AS owner_source
FROM ({{hazard_scope}}) sc
