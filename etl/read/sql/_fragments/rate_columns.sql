-- Fragment (not a query): the docs/DATA_CONTRACT.md §4 metrics over rows of {{hazard_scope}}, as
-- aggregate select-list items. Rates are NULL (shown "—") when their denominator is 0.
{{count_columns}},
median(days_to_rect) AS days_median,
quantile_cont(days_to_rect, 0.9) AS days_p90
