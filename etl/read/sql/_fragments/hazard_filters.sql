-- Fragment (not a query): the common hazard filters as one condition on a hazard row aliased h
-- (from `hazards`, `hazard_current` or `gap_hazards`). Included as WHERE {{hazard_filters}}.
-- Found within the months $start_month … end of $end_month (NULL = open end) and on or before
-- $as_of; in the chosen $towns, $sectors, $departments (NULL = all; the owning department, macro
-- owner_of of migration 014: the ledger's, else the one agreed at a 会商; '' = hazards with none);
-- of $level ('general' | 'major' | NULL = both).
(
    in_months(h.found_date, $start_month, $end_month)
    AND h.found_date <= $as_of
    AND in_selection($towns, h.town)
    AND in_selection($sectors, h.sector)
    AND in_selection($departments, owner_of(h.department, h.agreed_department))
    AND ($level IS NULL OR h.level = $level)
)
