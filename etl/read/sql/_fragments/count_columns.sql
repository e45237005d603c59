-- Fragment (not a query): the count-based docs/DATA_CONTRACT.md §4 metrics over rows of {{hazard_scope}}
-- (everything in rate_columns except the days-to-rectify median and p90, which need a sort and
-- cost more than all the counts together at 10M hazards). Aggregate select-list items.
count(*) AS total,
count(*) FILTER (WHERE is_rect) AS rectified,
count(*) FILTER (WHERE is_rect) / nullif(count(*), 0) AS rect_rate,
count(*) FILTER (WHERE level = 'major') AS major_total,
count(*) FILTER (WHERE level = 'major' AND is_rect) AS major_rectified,
count(*) FILTER (WHERE level = 'major' AND is_rect)
    / nullif(count(*) FILTER (WHERE level = 'major'), 0) AS major_rect_rate,
count(*) FILTER (WHERE NOT is_rect) AS open_now,
count(*) FILTER (WHERE is_overdue) AS overdue,
count(*) FILTER (WHERE is_overdue AND level = 'major') AS overdue_major,
count(*) FILTER (WHERE is_ontime) AS ontime,
count(*) FILTER (WHERE ontime_due) AS ontime_due,
count(*) FILTER (WHERE is_ontime) / nullif(count(*) FILTER (WHERE ontime_due), 0) AS ontime_rate
