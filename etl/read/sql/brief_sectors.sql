-- Sector lookup for the briefing pack (Streamlit-free labels). Rows: code, name_zh, name_en,
-- sort_order. Params: none.
SELECT code, name_zh, name_en, sort_order FROM sectors ORDER BY sort_order
