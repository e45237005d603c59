"""The data contract in code: the three kinds of file, their fields and tables, and the codes
of the lookups. Every other module reads these names from here (docs/DATA_CONTRACT.md says what
they mean).

Adding a field to a kind: add it to ``SCHEMAS`` (the typed table the loader builds), and to
``MAPPABLE`` if an analyst may map a source column to it; a migration adds the column to the
observation table and the views (see CONTRIBUTING.md).
"""

from __future__ import annotations

import pyarrow as pa

# ---------------------------------------------------------------- the three kinds

KINDS = ("hazard", "inspection", "registry")
KIND_LABELS = {
    "hazard": ("隐患台账", "Hazard ledger"),
    "inspection": ("检查记录", "Inspection log"),
    "registry": ("监管对象名录", "Registry of supervised units"),
}
KIND_ZH = {k: zh for k, (zh, _) in KIND_LABELS.items()}

# Append-only observation table per kind (one row per loaded source row, tagged with its upload).
OBS_TABLE = {"hazard": "hazard_obs", "inspection": "inspection_obs", "registry": "entity_obs",
             "agreement": "agreed_owner_obs"}  # 会商意见, loaded by etl/ingest/agreements.py (migration 008)

_S, _D, _I, _F = pa.string(), pa.date32(), pa.int32(), pa.float64()
_PROVENANCE = [("report_month", _D), ("source_file", _S), ("source_sheet", _S), ("source_row", _I), ("obs_seq", _I)]

# The typed table the loader hands to the warehouse, per kind (column order = observation table order).
SCHEMAS: dict[str, pa.Schema] = {
    "hazard": pa.schema([
        ("hazard_key", _S), ("source_hazard_id", _S), ("town", _S), ("sector", _S), ("sector_raw", _S),
        ("department", _S), ("entity_name", _S), ("description", _S), ("level", _S), ("found_date", _D),
        ("deadline", _D), ("status", _S), ("rectified_date", _D), ("inspection_method", _S), *_PROVENANCE,
        # data contract v2 (migration 006)
        ("level_raw", _S), ("hazard_category", _S), ("supervisor", _S), ("supervision_level", _S), ("measures", _S),
        ("funds_yuan", _F), ("responsible_person", _S), ("contingency_plan", _S), ("verified_date", _D),
        ("verified_by", _S), ("verification_result", _S),
    ]),
    "inspection": pa.schema([
        ("inspection_key", _S), ("inspection_date", _D), ("town", _S), ("sector", _S), ("sector_raw", _S),
        ("department", _S), ("entity_name", _S), ("inspection_method", _S), ("inspectors", _S),
        ("hazards_found", _I), ("major_hazards_found", _I), ("penalty_yuan", _F), *_PROVENANCE,
    ]),
    "registry": pa.schema([
        ("entity_name", _S), ("town", _S), ("sector", _S), ("sector_raw", _S), ("department", _S),
        ("credit_code", _S), ("risk_level", _S), *_PROVENANCE,
    ]),
}  # fmt: skip

# The contract columns an analyst may map a source column to, per kind ('' = ignore).
MAPPABLE = {
    "hazard": ["source_hazard_id", "town", "sector", "department", "entity_name", "description", "level",
               "found_date", "deadline", "status", "rectified_date", "inspection_method",
               # data contract v2
               "hazard_category", "supervisor", "supervision_level", "measures", "funds", "responsible_person",
               "contingency_plan", "verified_date", "verified_by", "verification_result", "is_major", "seq", "remarks"],
    "inspection": ["found_date", "town", "sector", "department", "entity_name", "inspection_method", "inspectors",
                   "hazards_found", "major_hazards_found", "penalty", "seq", "remarks"],
    "registry": ["entity_name", "town", "sector", "department", "credit_code", "risk_level", "seq", "remarks"],
}  # fmt: skip

# What a preview shows of the loaded rows, per kind, in this order.
PREVIEW_COLUMNS = {
    "hazard": ["source_sheet", "source_row", "source_hazard_id", "town", "sector", "entity_name", "description",
               "level", "found_date", "deadline", "status", "rectified_date", "department", "inspection_method"],
    "inspection": ["source_sheet", "source_row", "inspection_date", "town", "sector", "department", "entity_name",
                   "inspection_method", "inspectors", "hazards_found", "major_hazards_found", "penalty_yuan"],
    "registry": ["source_sheet", "source_row", "entity_name", "town", "sector", "department", "credit_code",
                 "risk_level"],
}  # fmt: skip

# ---------------------------------------------------------------- lookup codes

# (code, 中文, English) in display order; the warehouse's ``sectors`` table holds the same rows.
SECTORS = (
    ("school", "学校", "Schools"),
    ("fire", "消防", "Fire safety"),
    ("traffic", "道路交通", "Road traffic"),
    ("construction", "建筑施工", "Construction"),
    ("hazchem", "危险化学品", "Hazardous chemicals"),
    ("gas", "城镇燃气", "Town gas"),
    ("industry_trade", "工贸", "Industry & trade"),
    ("special_equipment", "特种设备", "Special equipment"),
    ("mining", "矿山", "Mining"),
    ("water", "水上交通", "Waterways & fishing"),
    ("tourism", "文化旅游", "Culture & tourism"),
    ("other", "其他", "Other"),
)
SECTOR_CODES = tuple(code for code, _, _ in SECTORS)

# (code, 中文, English); the warehouse's ``inspection_methods`` table holds the same rows.
METHODS = (
    ("unannounced", "四不两直", "Unannounced (四不两直)"),
    ("routine", "日常检查", "Routine"),
    ("special", "专项检查", "Special campaign"),
    ("spot", "抽查", "Spot check"),
    ("joint", "联合检查", "Joint inspection"),
    ("self", "企业自查", "Self-inspection"),
    ("mutual", "互查", "Mutual inspection"),
    ("supervision", "督查", "Higher-level supervision"),
    ("report", "举报", "Public report"),
)
METHOD_CODES = tuple(code for code, _, _ in METHODS)

LEVELS = ("general", "major")
STATUSES = ("open", "rectified")
RISK_LEVELS = ("red", "orange", "yellow", "blue")
SUPERVISION_LEVELS = ("province", "city", "county", "town")
VERIFICATION_RESULTS = ("passed", "failed")
