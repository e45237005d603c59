"""会商意见 back in: load the 会商清单 sheet (``etl.read.blindspots.AGENDA_COLUMNS``) with its 会商意见
column filled in, as an upload of kind ``agreement`` (migration 008).

Row accounting as for every upload: each non-empty row below the header is loaded (an agreed
owner recorded), rejected with a reason (sheet, row, column, value, plain Chinese), or
non-data (the title and note lines above the header, and agenda rows left without a 会商意见 —
nothing was agreed). A row naming a unit the warehouse does not know (town + normalised name,
as in migration 002) or a department nobody knows is rejected; the rest load. The same file
twice is refused (SHA-256), ``python -m etl rollback N`` withdraws it like any upload.

Nothing rewrites a source row: view ``hazard_agreed_owner`` gives the agreed department to the
hazards whose ledgers named none (shown "会商明确").
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from etl.ingest.sandbox import read_isolated
from etl.ingest.vocab import norm_text
from etl.problems import Problem, refusal
from etl.read.blindspots import AGENDA_COLUMNS, ITEM_TYPES
from etl.read.config import load_departments, load_responsibilities
from etl.store import db as dbmod
from etl.store import load, writes

KIND = "agreement"
OPINION = AGENDA_COLUMNS[-1]
TYPE_OF = {v: k for k, v in ITEM_TYPES.items()}
ITEM_OF = {  # agenda item → what the agreement is about
    "unregistered": "unit", "no_owner_hazards": "unit", "no_owner_unit": "unit",
    "no_lead_sector": "sector", "no_lead_type": "unit_type", "mismatch": "mismatch",
}  # fmt: skip


@dataclass
class AgreementReport:
    file_name: str
    upload_id: int | None = None
    rows_read: int = 0
    loaded: int = 0
    rejected: list[Problem] = field(default_factory=list)
    non_data: int = 0

    @property
    def rows_rejected(self) -> int:
        return len(self.rejected)


def unit_key(name: str) -> str:
    """gap_unit_key (migration 002) of a name as the loader stores it (NFKC: full-width → half-width):
    white space, punctuation and symbols dropped, lower-cased."""
    import unicodedata

    text = unicodedata.normalize("NFKC", str(name))
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PSZ" and not ch.isspace()).lower()


def _text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return re.sub(r"\s+", " ", str(v)).strip()


def _known(con) -> tuple[set[tuple[str, str]], set[str], dict[str, str]]:
    units = {
        (t, k)
        for t, k in con.execute(
            "SELECT town, unit_key FROM gap_hazards UNION SELECT town, unit_key FROM gap_visits"
            " UNION SELECT town, unit_key FROM gap_units"
        ).fetchall()
    }
    depts = {
        d
        for (d,) in con.execute(
            "SELECT department FROM entities UNION SELECT department FROM hazards UNION SELECT department FROM inspections"
        ).fetchall()
        if d
    }
    resp, _ = load_responsibilities()
    depts |= set(resp.lead.values()) | {d for ds in resp.also.values() for d in ds}
    sectors = {name: code for code, name in con.execute("SELECT code, name_zh FROM sectors").fetchall()}
    sectors.update({code: code for code in sectors.values()})
    return units, depts, sectors


def analyse(con, data: bytes, file_name: str) -> tuple[AgreementReport, list[dict]]:
    """Read and check the sheet against the warehouse; write nothing. Raises RefusedFile."""
    # read in a memory-limited worker: this runs in the dashboard's own process when an analyst
    # uploads the sheet, and a crafted file can make the reader allocate without bound
    sheets = [s for s in read_isolated(data, file_name) if s.visible]
    report = AgreementReport(file_name)
    sheet = next((s for s in sheets if any(_text(c) == OPINION for r in s.rows[:20] for c in r)), None)
    if sheet is None:
        raise refusal("agreement_no_opinion", name=file_name, column=OPINION)
    head = next(i for i, r in enumerate(sheet.rows) if any(_text(c) == OPINION for c in r))
    cols = {_text(c): j for j, c in enumerate(sheet.rows[head]) if _text(c)}
    missing = [c for c in ("事项类型", "乡镇（街道）", "单位名称", "行业领域", OPINION) if c not in cols]
    if missing:
        raise refusal("agreement_missing_columns", columns="、".join(missing))
    units, depts, sectors = _known(con)
    directory, _ = load_departments()
    rows: list[dict] = []
    report.non_data = sum(1 for r in sheet.rows[:head] if any(_text(c) for c in r))  # title and note lines
    report.rows_read = report.non_data
    for i, r in enumerate(sheet.rows[head + 1 :], start=head + 2):
        cell = {name: _text(r[j]) if j < len(r) else "" for name, j in cols.items()}
        if not any(cell.values()):
            continue
        report.rows_read += 1

        def reject(column: str, reason: str, reason_en: str, row: int = i, cell: dict = cell) -> None:
            report.rejected.append(Problem(sheet.name, row, column, cell.get(column, ""), reason, reason_en))

        opinion = cell[OPINION]
        if not opinion:
            report.non_data += 1  # an agenda item nobody settled: nothing to record
            continue
        kind = TYPE_OF.get(cell["事项类型"])
        if kind is None:
            reject("事项类型", f"事项类型无法识别：'{cell['事项类型']}'", f"unknown item type '{cell['事项类型']}'")
            continue
        if opinion not in depts:
            # the department directory's name for it, as a hint only: a meeting's decision is
            # recorded as the meeting wrote it or not at all
            full = directory.get(norm_text(opinion))
            if full:
                reject(OPINION, f"会商意见中的部门不在已知部门中：'{opinion}'（部门名录中即“{full}”，请写作“{full}”）",
                       f"the agreed department is not a known department: '{opinion}' (the department directory "
                       f"calls it '{full}'; write that)")  # fmt: skip
            else:
                reject(OPINION, f"会商意见中的部门不在已知部门中：'{opinion}'（请写部门全称，如“县应急管理局”）",
                       f"the agreed department is not a known department: '{opinion}'")  # fmt: skip
            continue
        sector = sectors.get(cell["行业领域"]) if cell["行业领域"] else None
        item = ITEM_OF[kind]
        row = {"item_type": item, "town": None, "entity_name": None, "unit_key": None, "sector": sector,
               "sector_raw": None, "current_department": None, "department": opinion, "source_row": i}  # fmt: skip
        if item == "unit":
            town, name = cell["乡镇（街道）"], cell["单位名称"]
            if (town, unit_key(name)) not in units:
                reject("单位名称", f"单位不在台账、检查记录或名录中：'{town} {name}'",
                       f"no such unit in the ledgers, logs or registry: '{town} {name}'")  # fmt: skip
                continue
            row.update(town=town, entity_name=name, unit_key=unit_key(name))
        elif sector is None:
            reject("行业领域", f"行业领域无法识别：'{cell['行业领域']}'", f"unknown sector '{cell['行业领域']}'")
            continue
        elif item == "unit_type":
            row["sector_raw"] = cell.get("类型（原文）", "")
        elif item == "mismatch":
            row["current_department"] = cell.get("现责任部门", "")
        rows.append(row)
    report.loaded = len(rows)
    return report, rows


def load_agreements(
    data: bytes, file_name: str, *, db: Path | None = None, actor: writes.Actor = None, archive: bool = True
) -> AgreementReport:
    """Analyse and write in one transaction under the writer lock, with the checks of the one write
    entry (etl/store/writes.py): may this actor load (an analyst's session, or the command line), is this
    exact file already live. The original is archived like every upload's. Publishes a new snapshot."""
    actor = actor if actor is not None else writes.CommandLine(None)
    who = writes.authorize(actor, "导入会商意见")
    sha = hashlib.sha256(data).hexdigest()
    path = dbmod.resolve_path(db) if db is None else Path(db)
    with dbmod.writer(path) as con:
        dup = writes.live_duplicate(con, sha)
        if dup is not None:
            raise refusal("already_loaded", name=file_name, upload_id=dup)
        report, rows = analyse(con, data, file_name)
        con.execute("BEGIN TRANSACTION")
        try:
            fresh = load.derived_fresh(con)
            uid = con.execute("SELECT nextval('upload_id_seq')").fetchone()[0]
            con.execute(
                "INSERT INTO upload_log (upload_id, file_name, sha256, kind, report_month, loaded_at, rows_read,"
                " rows_loaded, rows_rejected, rows_skipped, status, towns, uploaded_by, file_size, warnings, sheets)"
                " VALUES (?, ?, ?, ?, NULL, now()::TIMESTAMP, ?, ?, ?, ?, 'live', NULL, ?, ?, '[]', '[]')",
                [uid, file_name, sha, KIND, report.rows_read, report.loaded, report.rows_rejected, report.non_data,
                 who, len(data)],
            )  # fmt: skip
            for seq, r in enumerate(rows, start=1):
                con.execute(
                    "INSERT INTO agreed_owner_obs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [uid, seq, r["item_type"], r["town"], r["entity_name"], r["unit_key"], r["sector"],
                     r["sector_raw"], r["current_department"], r["department"], r["source_row"]],
                )  # fmt: skip
            for p in report.rejected:
                con.execute("INSERT INTO load_error_log VALUES (?, ?, ?, ?, ?, ?, ?)",
                            [uid, p.sheet, p.row, p.column, p.raw_value, p.reason, p.reason_en])  # fmt: skip
            load.refresh_agreed(con)  # the owning department of the hazards these agreements settle
            load.audit(con, who, "upload", {"upload_id": uid, "file_name": file_name, "sha256": sha, "kind": KIND})
            version = dbmod.bump_data_version(con)
            if fresh:  # hazards, visits and units are untouched: the derived tables stay as fresh as they were
                load.mark_derived(con, version)
            if archive:  # before COMMIT, as writes.commit does: a failed write aborts the load
                load.archive(dbmod.archive_dir(path), sha, data)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    report.upload_id = uid
    return report
