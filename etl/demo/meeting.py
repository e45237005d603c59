"""The demo county's 安委会 meeting (会商): once the monthly files are loaded, the office exports
the 会商清单 (``etl.read.blindspots``, as the 会商清单 page does), the meeting settles part of it,
and the filled sheet is loaded back as an upload of kind ``agreement`` (``etl.ingest.agreements``,
as an analyst would). The demo then shows the whole loop: hazards that no ledger gave a
department are owned by the department the meeting named (migration 014), in the department
figures, the filter and the hazard lists (marked 会商明确), and the rest stays on the list.

What this meeting decides, every time the same: the units whose ledgers name no department for
their hazards, most open hazards first, go to their sector's lead department (三管三必须,
config/responsibilities.toml) — the first ``UNITS_SETTLED`` that have one; so do the first
``REGISTRY_SETTLED`` registry units without a supervising department. Unregistered units,
departments that differ from a sector's lead, and sectors without a lead wait for the next one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from etl import xlsx
from etl.ingest import agreements
from etl.months import month_end
from etl.read import blindspots, config, queries
from etl.store import db as dbmod
from etl.store.writes import CommandLine

UNITS_SETTLED = 30
REGISTRY_SETTLED = 10
LIMIT = 500  # agenda rows per kind, as the page
OPINION = blindspots.AGENDA_COLUMNS[-1]


def minutes(con, as_of: dt.date) -> tuple[bytes, int]:
    """The filled 会商清单 (xlsx bytes) over every hazard up to ``as_of``, and how many items it settles."""
    resp, _ = config.load_responsibilities()
    names = dict(con.execute("SELECT code, name_zh FROM sectors").fetchall())
    params = {**queries.hazard_filters(as_of=as_of), "limit": LIMIT}
    agenda = blindspots.read(lambda name, **p: queries.run(con, name, **p), params, resp,
                             lambda code: names.get(code, code)).agenda  # fmt: skip
    lead = agenda["三管三必须牵头部门"].fillna("").astype(str)
    settled = 0
    for kind, n in (("no_owner_hazards", UNITS_SETTLED), ("no_owner_unit", REGISTRY_SETTLED)):
        rows = agenda.index[(agenda["事项类型"] == blindspots.ITEM_TYPES[kind]) & (lead != "")][:n]
        agenda.loc[rows, OPINION] = lead[rows]
        settled += len(rows)
    title = f"安宁县安委会会商清单（{as_of.year}年{as_of.month}月会商意见）"
    return xlsx.to_xlsx(agenda, sheet="会商清单", title=title, note="会商意见由会议确定（演示数据）"), settled


def hold(db: Path) -> str:
    """Hold the meeting on the demo warehouse: load its filled 会商清单; one line for the build's report."""
    con = dbmod.open_reader(db)
    try:
        last = con.execute("SELECT max(report_month) FROM uploads WHERE kind = 'hazard' AND status = 'live'").fetchone()[0]
        if last is None:
            return "无隐患台账，未召开会商。/ No hazard ledgers: no 会商 held."
        as_of = month_end(last)
        data, settled = minutes(con, as_of)
    finally:
        con.close()
    name = f"安宁县安委会{as_of.year}年{as_of.month}月会商意见.xlsx"
    rep = agreements.load_agreements(data, name, db=db, actor=CommandLine("demo"))
    return (f"会商意见已导入（上传 #{rep.upload_id}）：明确 {rep.loaded} 项责任部门（{settled} 项填写），"
            f"其余留待下次会商。/ 会商 agreements loaded (upload #{rep.upload_id}): {rep.loaded} owners agreed.")

