-- Fragment (not a query): {{hazard_scope}} with the owning department of each hazard (view
-- hazard_owner, migration 013: the ledger's department, else the owner agreed at a 会商, else
-- none). Adds owner_department ('' = none), owner_source ('ledger' | 'agreed' | NULL = none).
-- Included as FROM ({{owner_scope}}) s. Params: those of {{hazard_scope}}.
SELECT sc.*, coalesce(o.owner_department, '') AS owner_department, o.owner_source
FROM ({{hazard_scope}}) sc
LEFT JOIN hazard_owner o USING (hazard_key)
