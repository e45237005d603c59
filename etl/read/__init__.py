"""Reading the warehouse: named queries (queries + sql/), settings (config) and the analyses
built on them (scorecard, plan, blindspots, completeness)."""
