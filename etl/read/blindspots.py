"""会商清单: the supervision blind spots to settle with the departments — unregistered units
with near-name candidates from the registry, the 三管三必须 matrix (config/responsibilities.toml)
set against the data, and the agenda sheet for the meeting with an empty 会商意见 column.

Streamlit-free. ``read`` runs the ``blind_*`` queries through the caller's runner (the page's
cached one, or ``etl.read.queries.run`` on a connection) and builds everything from them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

from etl.read.config import SECTORS, Responsibilities

NEAR_CUTOFF = 75  # rapidfuzz WRatio (0-100) on the normalised names; below it a name is not shown
NEAR_LIMIT = 3

# The agenda sheet's columns: its headers are what the 会商意见 upload reads back.
AGENDA_COLUMNS = (
    "序号", "事项类型", "乡镇（街道）", "单位名称", "行业领域", "类型（原文）", "现责任部门",
    "三管三必须牵头部门", "隐患数", "未整改隐患数", "相近的名录单位", "会商意见（明确的责任部门）",
)  # fmt: skip
ITEM_TYPES = {
    "unregistered": "未登记单位",
    "no_lead_sector": "无牵头部门的行业",
    "no_lead_type": "无牵头部门的单位类型",
    "mismatch": "责任部门与行业牵头部门不一致",
    "no_owner_hazards": "隐患无责任部门的单位",
    "no_owner_unit": "名录单位无监管部门",
}


def near_names(unreg: pd.DataFrame, registry: pd.DataFrame) -> list[list[tuple[str, float]]]:
    """For each unregistered unit (town, unit_key), up to three registry names of the same town
    whose normalised name is close (rapidfuzz WRatio ≥ NEAR_CUTOFF; a name contained in a longer
    one scores high: 红星化工 ~ 红星化工有限公司), best first, as (name, score)."""
    by_town: dict[str, tuple[list[str], list[str]]] = {}
    for town, grp in registry.groupby("town", sort=False):
        by_town[str(town)] = (grp["unit_key"].tolist(), grp["entity_name"].tolist())
    out: list[list[tuple[str, float]]] = []
    for town, key in zip(unreg["town"], unreg["unit_key"], strict=True):
        keys, names = by_town.get(str(town), ([], []))
        if not keys or not key:
            out.append([])
            continue
        hits = process.extract(key, keys, scorer=fuzz.WRatio, limit=NEAR_LIMIT, score_cutoff=NEAR_CUTOFF)
        out.append([(names[i], round(float(score), 1)) for _, score, i in hits])
    return out


def matrix(sd: pd.DataFrame, resp: Responsibilities) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(by sector, mismatches) from the rows of ``blind_sector_departments``.

    By sector (every sector code): sector, lead ('' = none: a gap), also (tuple), hazards,
    hazards_no_owner (neither the ledger nor a 会商 names a department), hazards_agreed (a 会商 did),
    units, units_no_owner, hazards_mismatch.
    Mismatches: hazards whose ledger-named county department is neither the sector's lead nor one
    of its ``also`` departments (a town's own body is 属地, not a mismatch; an owner the meeting
    agreed is not questioned again): sector, lead, department, hazards, open_hazards, units."""
    sd = sd.copy()
    agreed = sd["agreed"].astype(bool)
    sd["lead"] = sd["sector"].map(resp.lead).fillna("")
    allowed = pd.Series(
        [d == lead or d in resp.also.get(sec, ()) for sec, d, lead in zip(sd["sector"], sd["department"], sd["lead"],
                                                                          strict=True)],
        index=sd.index, dtype=bool,
    )  # fmt: skip
    mis_mask = (sd["lead"] != "") & (sd["department"] != "") & sd["county_level"].astype(bool) & ~allowed & ~agreed
    mism = sd[mis_mask & (sd["hazards"] > 0)][["sector", "lead", "department", "hazards", "open_hazards", "units"]]
    rows = []
    for code in list(SECTORS) + sorted(set(sd["sector"]) - set(SECTORS)):
        s = sd[sd["sector"] == code]
        rows.append({
            "sector": code, "lead": resp.lead.get(code, ""), "also": tuple(resp.also.get(code, ())),
            "hazards": int(s["hazards"].sum()), "hazards_no_owner": int(s.loc[s["department"] == "", "hazards"].sum()),
            "hazards_agreed": int(s.loc[s["agreed"].astype(bool), "hazards"].sum()),
            "units": int(s["units"].sum()), "units_no_owner": int(s.loc[s["department"] == "", "units"].sum()),
            "hazards_mismatch": int(mism.loc[mism["sector"] == code, "hazards"].sum()),
        })  # fmt: skip
    return pd.DataFrame(rows), mism.sort_values(["hazards", "sector"], ascending=[False, True]).reset_index(drop=True)


def agenda(
    *,
    unreg: pd.DataFrame,
    near: list[list[tuple[str, float]]],
    by_sector: pd.DataFrame,
    unit_types: pd.DataFrame,
    mismatches: pd.DataFrame,
    no_owner: pd.DataFrame,
    sector_label: Callable[[str], str],
) -> pd.DataFrame:
    """The 会商清单 sheet: one row per item to settle, the 会商意见 column left empty."""
    items: list[dict] = []

    def add(kind: str, **values) -> None:
        items.append({"事项类型": ITEM_TYPES[kind], **values})

    for r, cands in zip(unreg.itertuples(index=False), near, strict=True):
        add("unregistered", **{"乡镇（街道）": r.town, "单位名称": r.entity_name, "行业领域": sector_label(r.sector),
                               "现责任部门": r.department, "隐患数": int(r.hazards), "未整改隐患数": int(r.open_hazards),
                               "相近的名录单位": "、".join(n for n, _ in cands)})  # fmt: skip
    for r in by_sector.itertuples(index=False):
        if not r.lead and (r.hazards or r.units):
            add("no_lead_sector", **{"行业领域": sector_label(r.sector), "隐患数": int(r.hazards)})
    for r in unit_types.itertuples(index=False):
        if r.sector_raw and not by_sector.loc[by_sector["sector"] == r.sector, "lead"].any():
            add("no_lead_type", **{"行业领域": sector_label(r.sector), "类型（原文）": r.sector_raw,
                                   "隐患数": int(r.hazards), "未整改隐患数": int(r.open_hazards)})  # fmt: skip
    for r in mismatches.itertuples(index=False):
        add("mismatch", **{"行业领域": sector_label(r.sector), "现责任部门": r.department, "三管三必须牵头部门": r.lead,
                           "隐患数": int(r.hazards), "未整改隐患数": int(r.open_hazards)})  # fmt: skip
    lead_of = dict(zip(by_sector["sector"], by_sector["lead"], strict=True))
    for r in no_owner.itertuples(index=False):
        if r.agreed_department:  # a 会商 already settled it (shown as 会商明确 on the page)
            continue
        kind = "no_owner_hazards" if r.kind == "hazard" else "no_owner_unit"
        add(kind, **{"乡镇（街道）": r.town, "单位名称": r.entity_name, "行业领域": sector_label(r.sector),
                     "三管三必须牵头部门": lead_of.get(r.sector, ""),
                     "隐患数": int(r.hazards) if r.kind == "hazard" else None,
                     "未整改隐患数": int(r.open_hazards) if r.kind == "hazard" else None})  # fmt: skip
    out = pd.DataFrame(items, columns=[c for c in AGENDA_COLUMNS if c != "序号"])
    out.insert(0, "序号", range(1, len(out) + 1))
    out["会商意见（明确的责任部门）"] = ""
    return out


# the columns of blind_unregistered, for a warehouse without a registry (the query is not run)
UNREGISTERED_COLUMNS = ["town", "unit_key", "entity_name", "sector", "department", "hazards", "open_hazards",
                        "visits", "first_seen", "last_seen", "total_rows"]  # fmt: skip


@dataclass
class BlindSpots:
    has_registry: bool  # some registry units are loaded (else nobody can be "unregistered")
    unreg: pd.DataFrame  # blind_unregistered (empty without a registry)
    near: list[list[tuple[str, float]]]  # near-name registry candidates of each unregistered unit
    by_sector: pd.DataFrame  # the 三管三必须 matrix per sector (``matrix``)
    mismatches: pd.DataFrame
    unit_types: pd.DataFrame  # blind_unit_types
    no_owner: pd.DataFrame  # blind_no_owner_units
    agenda: pd.DataFrame  # the 会商清单 sheet (``agenda``)


def read(run: Callable[..., pd.DataFrame], params: dict, resp: Responsibilities,
         sector_label: Callable[[str], str]) -> BlindSpots:  # fmt: skip
    """Everything the 会商清单 shows and exports, from the named queries run by ``run(name, **params)``
    under the common filters ``params`` (with ``limit``)."""
    has_registry = int(run("score_status").iloc[0]["registry_units"]) > 0
    unreg = run("blind_unregistered", **params) if has_registry else pd.DataFrame(columns=UNREGISTERED_COLUMNS)
    registry = run("blind_registry_names", towns=sorted(set(unreg["town"])) or None) if len(unreg) else None
    near = near_names(unreg, registry) if registry is not None else []
    by_sector, mismatches = matrix(run("blind_sector_departments", **params), resp)
    unit_types = run("blind_unit_types", **params)
    no_owner = run("blind_no_owner_units", **params)
    return BlindSpots(has_registry, unreg, near, by_sector, mismatches, unit_types, no_owner,
                      agenda(unreg=unreg, near=near, by_sector=by_sector, unit_types=unit_types,
                             mismatches=mismatches, no_owner=no_owner, sector_label=sector_label))  # fmt: skip
