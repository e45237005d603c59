"""The v2 shapes of docs/DATA_CONTRACT.md §1.1 and the examples at the top of issue 11: every field of
every loaded row, the row accounting, and the notices and reading-report lines they produce."""

from __future__ import annotations

from datetime import date

import pandas as pd

from etl.ingest.hazard_row import HAZARD_FIELDS
from tests.fixtures import ledgers_v2 as V
from tests.test_loader_layouts import counts, run

APRIL = date(2025, 4, 1)


def _clean(v):
    if v is None:
        return None
    if isinstance(v, float) and pd.isna(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    return v


def records(a) -> dict[str, dict]:
    out = {}
    for rec in a.frame.to_dict("records"):
        out[rec["source_hazard_id"]] = {f: _clean(rec[f]) for f in HAZARD_FIELDS if f != "source_row"}
    return out


def row(hid, sector, found, *, town="城关镇", level="general", status="open", **kw) -> dict:
    """Every field of a loaded hazard; the ones not given are None."""
    base = {f: None for f in HAZARD_FIELDS if f != "source_row"}
    base.update(source_hazard_id=hid, town=town, sector=sector, found_date=found, level=level, status=status)
    base.update(kw)
    return base


def codes(a) -> dict[str, int]:
    return {n.code: n.count for n in a.notices}


def test_category_never_the_level():
    """Issue 11: 隐患类别 left of 隐患等级 gave the level from the category; two majors became general."""
    a = run(V.category_and_level())
    assert counts(a) == (3, 3, 0, 0)
    assert records(a) == {
        "C-1": row("C-1", "fire", date(2025, 4, 1), sector_raw="消防", entity_name="城关商场", description="消防通道堵塞",
                   level="major", level_raw="重大", hazard_category="消防安全"),
        "C-2": row("C-2", "industry_trade", date(2025, 4, 2), sector_raw="工贸", entity_name="城关木器厂",
                   description="配电箱无盖板", level_raw="一般", hazard_category="用电安全", status="rectified"),
        "C-3": row("C-3", "fire", date(2025, 3, 20), sector_raw="消防", entity_name="城关宾馆", description="喷淋系统停用",
                   level="major", level_raw="重大", hazard_category="消防安全"),
    }
    cols = {c[0]: (c[1], c[2]) for c in a.sheets[0].reading.columns}
    assert cols["隐患类别"] == ("hazard_category", "exact") and cols["隐患等级"] == ("level", "exact")


def test_yhpc_check_marks_and_nothing_to_report_row():
    """Issue 11: 治理状态 over 未治理 | 已治理 came out reversed; a 无隐患 row loaded as an open hazard."""
    a = run(V.yhpc_check_marks())
    assert counts(a) == (5, 3, 1, 1)
    assert records(a) == {
        "Y-1": row("Y-1", "fire", date(2025, 4, 3), sector_raw="消防", entity_name="城关超市", description="灭火器过期",
                   level_raw="一般", status="rectified", rectified_date=date(2025, 4, 10)),
        "Y-2": row("Y-2", "gas", date(2025, 4, 5), sector_raw="燃气", entity_name="城关饭店", description="燃气软管老化",
                   level_raw="一般"),
        "Y-3": row("Y-3", "school", date(2025, 4, 6), sector_raw="学校", entity_name="城关幼儿园",
                   description="插座无保护盖", level_raw="一般", status="rectified"),
    }
    (p,) = a.problems
    assert (p.row, p.column, p.code) == (8, "治理状态", "marks_conflict") and "多个勾选" in p.reason
    sheet = a.sheets[0]
    assert sheet.skipped == {"nothing_to_report": 1}
    assert sheet.reading.marks == [["治理状态", "status", ["未治理", "已治理"]]]
    assert sheet.reading.nothing_found == [[7, "城关镇", "城关小学", "2025-04-12"]]
    assert sheet.reading.nothing_outcome == [["visit", "2025-04-12"]]  # a unit and a date: a visit that found nothing
    assert codes(a) == {"nothing_to_report": 1, "nothing_visit": 1, "town_from_context": 1}
    assert a.towns == ["城关镇"]


def test_only_nothing_to_report_still_counts_the_town():
    """A town whose ledger says only 本月无隐患 sent a report: its town is in the upload's towns."""
    from tests.fixtures.ledgers import Sheet, d, xlsx

    data = xlsx([Sheet("Sheet1", [["北坪镇2025年4月隐患排查整改台账"],
                                  ["序号", "行业领域", "单位名称", "隐患描述", "发现日期", "整改状态"],
                                  [1, None, None, "本月无隐患", d(2025, 4, 30), None]])])
    a = run(data)
    assert counts(a) == (1, 0, 0, 1)
    assert a.towns == ["北坪镇"]


def test_inspection_major_count_column_is_read():
    """Issue 11: 其中重大隐患数 was ignored (major_hazards_found 0 everywhere)."""
    a = run(V.inspection_with_major_count())
    assert a.kind == "inspection" and counts(a) == (2, 2, 0, 0)
    got = a.frame[["entity_name", "hazards_found", "major_hazards_found"]].values.tolist()
    assert got == [["城关化工厂", 5, 1], ["城关超市", 2, 0]]


def test_header_containing_one_fields_synonym():
    from etl.ingest.vocab import match_header_contains

    assert match_header_contains("本次检查发现重大隐患数（处）") == "major_hazards_found"
    assert match_header_contains("隐患整改责任人姓名") == "responsible_person"
    # contains synonyms of two fields: left for the analyst, never guessed
    assert match_header_contains("发现日期及整改期限") is None


def test_level_codes_read_by_a_dictionary_sheet():
    """Issue 11: codes 1/2/3 with 字典 1-一般 2-较大 3-重大 — 2 became major, 3 general."""
    a = run(V.level_codes_with_dictionary())
    assert counts(a) == (3, 3, 0, 0)
    common = dict(sector_raw="消防", status="open")
    assert records(a) == {
        "L-1": row("L-1", "fire", date(2025, 4, 1), entity_name="甲商店", description="灭火器不足", level_raw="1", **common),
        "L-2": row("L-2", "fire", date(2025, 4, 2), entity_name="乙商店", description="疏散指示损坏", level_raw="2",
                   **common),
        "L-3": row("L-3", "fire", date(2025, 4, 3), entity_name="丙商场", description="防火门损坏", level_raw="3",
                   level="major", **common),
    }
    assert codes(a) == {"level_by_legend": 1, "level_between": 1, "town_from_context": 1}
    (leg,) = a.sheets[0].reading.legends
    assert leg[0] == "level" and "字典" in leg[1] and leg[2] == {"1": "一般", "2": "较大", "3": "重大"}
    assert a.sheets[1].role == "instructions"


def test_level_codes_read_by_a_note_row():
    a = run(V.level_codes_with_note_row())
    assert counts(a) == (3, 2, 0, 1)
    assert {k: (r["level"], r["level_raw"]) for k, r in records(a).items()} == {"N-1": ("major", "3"),
                                                                                 "N-2": ("general", "1")}
    assert a.sheets[0].skipped == {"legend_row": 1}


def test_unexplained_codes_reject_their_rows_with_a_sentence():
    a = run(V.level_codes_unexplained())
    assert counts(a) == (3, 1, 2, 0)
    assert list(records(a)) == ["U-3"] and records(a)["U-3"]["level"] == "major"
    assert [(p.row, p.raw_value, p.code) for p in a.problems] == [(3, "1", "code_unexplained"), (4, "3", "code_unexplained")]
    assert "代码“3”没有图例说明" in a.problems[1].reason and "注：1-一般" in a.problems[1].reason
    assert "legend" in a.problems[1].reason_en


def test_level_codes_one_and_two_without_legend():
    a = run(V.level_codes_one_two())
    assert {k: (r["level"], r["level_raw"]) for k, r in records(a).items()} == {"T-1": ("general", "1"),
                                                                                 "T-2": ("major", "2")}
    assert codes(a) == {"level_codes_1_2": 1, "town_from_context": 1}


def test_major_by_title_with_time_requirement_and_listing_unit():
    """Issue 11: a 重大事故隐患挂牌督办台账 loaded as general; 时间要求 and 挂牌督办单位 not read."""
    a = run(V.major_by_title())
    assert counts(a) == (2, 2, 0, 0)
    assert records(a) == {
        "M-1": row("M-1", "hazchem", date(2025, 4, 2), sector_raw="危化品", entity_name="城关化工厂",
                   description="储罐区防火堤破损", level="major", deadline=date(2025, 6, 30), supervisor="市安委办",
                   supervision_level="city"),
        "M-2": row("M-2", "mining", date(2025, 4, 9), sector_raw="矿山", entity_name="城关采石场", description="边坡超高",
                   level="major", deadline=date(2025, 9, 30), supervisor="县安委办", supervision_level="county"),
    }
    assert a.sheets[0].reading.title == ["major", "城关镇2025年4月重大事故隐患挂牌督办台账"]
    assert codes(a) == {"level_from_title": 1, "deadline_phrase": 1, "town_from_context": 1}


def test_month_day_dates_deadline_phrases_statuses_and_sectors():
    """Issue 11: 4.3 / 4.15 rejected valid rows; 2025年4月30日前 and 6月底前 gave no deadline;
    已关闭, 已整改到位 and 立行立改 became open; 在建工地 and 工矿商贸（粉尘涉爆）became 'other'."""
    a = run(V.dates_and_phrases())
    assert counts(a) == (6, 6, 0, 0)
    g = dict(level_raw="一般")
    assert records(a) == {
        "P-1": row("P-1", "fire", date(2025, 4, 3), sector_raw="消防", entity_name="甲店", description="灭火器过期",
                   deadline=date(2025, 4, 30), status="rectified", rectified_date=date(2025, 4, 12), **g),
        "P-2": row("P-2", "construction", date(2025, 4, 15), sector_raw="在建工地", entity_name="乙工地",
                   description="脚手架缺剪刀撑", deadline=date(2025, 6, 30), status="rectified",
                   rectified_date=date(2025, 4, 20), **g),
        "P-3": row("P-3", "industry_trade", date(2025, 4, 3), sector_raw="工矿商贸(粉尘涉爆)", entity_name="丙厂",
                   description="除尘器未接地", deadline=date(2025, 4, 3), status="rectified",
                   rectified_date=date(2025, 4, 3), **g),
        "P-4": row("P-4", "fire", date(2024, 12, 28), sector_raw="九小场所", entity_name="丁店", description="电动车室内充电",
                   deadline=date(2025, 1, 15), **g),
        "P-5": row("P-5", "fire", date(2025, 4, 8), sector_raw="消防", entity_name="戊店", description="消防车道划线不清",
                   status="rectified", rectified_date=date(2025, 4, 9), **g),
        "P-6": row("P-6", "industry_trade", date(2025, 4, 10), sector_raw="工贸", entity_name="己厂",
                   description="无证叉车作业", deadline=date(2025, 4, 30), **g),
    }
    by = {(n.code, dict(n.notice.params).get("status_en")): (n.count, n.examples) for n in a.notices}
    assert by[("date_without_year", None)][0] == 6  # 4.3, 4.15, 4.20, 4月3日, 12.28, 1.15
    assert by[("deadline_phrase", None)] == (3, ["2025年4月30日前", "6月底前", "月底前"])
    assert by[("deadline_long_term", None)] == (1, ["长期"])
    assert by[("deadline_immediate", None)] == (1, ["立即"])
    assert by[("status_on_the_spot", None)] == (1, ["立行立改"])
    assert by[("status_by_words", "open")] == (2, ["正在整改,预计6月底完成", "已责令停业整改"])
    assert by[("status_by_words", "rectified")] == (1, ["已完成整改并销号"])
    assert by[("sector_by_words", None)] == (1, ["工矿商贸(粉尘涉爆)→工贸"])
    en = a.warning_lines("en")
    assert "free-text status decided by its words as open: 2 rows (e.g. 正在整改,预计6月底完成, 已责令停业整改)" in en


def test_contradictions_are_loaded_as_written_and_listed():
    a = run(V.contradictions())
    assert counts(a) == (3, 3, 0, 0)
    got = {k: (r["status"], r["found_date"], r["rectified_date"], r["verified_date"]) for k, r in records(a).items()}
    assert got == {"K-1": ("rectified", date(2025, 4, 5), date(2025, 4, 1), None),
                   "K-2": ("rectified", date(2025, 4, 6), date(2025, 4, 10), date(2025, 4, 8)),
                   "K-3": ("rectified", date(2025, 4, 7), date(2025, 4, 9), None)}
    by = {n.code: (n.count, n.examples) for n in a.notices if n.code != "town_from_context"}
    assert by == {"rectified_before_found": (1, ["第4行"]), "verified_before_rectified": (1, ["第5行"]),
                  "status_contradicts_marks": (1, ["第6行：已整改 / 未治理"])}


def test_header_contest_decided_by_values_and_loser_reported():
    a = run(V.level_contest())
    assert {k: (r["level"], r["level_raw"]) for k, r in records(a).items()} == {"G-1": ("major", "重大"),
                                                                                 "G-2": ("general", "一般")}
    reading = a.sheets[0].reading
    assert reading.losers == [["等级", "level", "隐患级别"]]
    assert ["隐患级别", "level", "synonym"] in reading.columns
    assert "等级" in a.sheets[0].ignored_columns


def test_kind_by_columns_and_values_together():
    from etl.ingest.headers import detect_kind

    cols = {"description", "status", "inspectors", "hazards_found", "penalty", "found_date", "entity_name"}
    # counts and amounts that are numbers: an inspection log (3 + 3 + 3 against 3 + 2)
    assert detect_kind(cols, "", {"hazards_found": 1.0, "penalty": 1.0})[0] == "inspection"
    # the same headers over words ("见附件", "已整改"): the count columns tell nothing, a hazard ledger
    assert detect_kind(cols, "", {"hazards_found": 0.0, "penalty": 0.0})[0] == "hazard"
    # 督办 / 五落实 columns are hazard-ledger columns
    assert detect_kind({"entity_name", "found_date", "inspectors", "supervision_level", "measures"}, "")[0] == "hazard"


def test_hazard_type_is_the_level_only_when_its_values_are_levels():
    a = run(V.hazard_type_columns())
    got = {k: (r["level"], r["level_raw"], r["hazard_category"]) for k, r in records(a).items()}
    assert got == {"A-1": ("major", "重大", None), "A-2": ("general", "一般", None), "B-1": ("major", "重大", "用电")}
    assert ["隐患类型", "level", "values"] in a.sheets[0].reading.columns
    assert ["隐患类型", "hazard_category", "synonym"] in a.sheets[1].reading.columns


def test_researched_status_words():
    from etl.ingest.vocab import match_status, status_verifies

    assert [match_status(w) for w in ("待复检", "复查通过", "复检不合格", "处理中", "关闭")] == [
        "rectified", "rectified", "open", "open", "rectified"]
    assert status_verifies("复查通过") and not status_verifies("待复检")


def test_nothing_below_marker_is_non_data():
    from tests.fixtures.ledgers import Sheet, d, xlsx

    data = xlsx([Sheet("Sheet1", [["城关镇2025年4月隐患排查整改台账"],
                                  ["序号", "行业领域", "单位名称", "隐患描述", "发现日期", "整改状态"],
                                  [1, "消防", "甲店", "灭火器过期", d(2025, 4, 1), "未整改"],
                                  ["以下空白"]])])
    a = run(data)
    assert counts(a) == (2, 1, 0, 1)
    assert a.sheets[0].skipped == {"blank_marker": 1}


def test_is_major_yes_no_column_and_deadline_before_done():
    a = run(V.is_major_yes_no())
    got = {k: (r["level"], r["level_raw"], r["deadline"]) for k, r in records(a).items()}
    assert got == {"J-1": ("major", "是", date(2025, 5, 10)), "J-2": ("general", "否", date(2025, 4, 9))}
    assert ["是否重大隐患", "is_major", "exact"] in a.sheets[0].reading.columns


def test_check_marks_under_a_group_written_once_in_a_csv():
    """A CSV has no merges: 治理状态 is written once over 未治理 | 已治理 (the next cell blank)."""
    text = ("隐患编号,行业领域,单位名称,隐患描述,发现日期,治理状态,\r\n"
            ",,,,,未治理,已治理\r\n"
            "W-1,消防,甲店,灭火器过期,2025-04-03,,√\r\n"
            "W-2,燃气,乙店,软管老化,2025-04-05,√,\r\n")
    a = run(text.encode("gb18030"), "城关镇2025年4月隐患台账.csv")
    assert counts(a) == (2, 2, 0, 0)
    assert {k: r["status"] for k, r in records(a).items()} == {"W-1": "rectified", "W-2": "open"}
    assert a.sheets[0].reading.marks == [["治理状态", "status", ["未治理", "已治理"]]]


def test_check_marks_for_the_level_too():
    """Any field can come as ticks: 隐患等级 over 一般 | 重大."""
    from tests.fixtures.ledgers import Sheet, d, xlsx

    rows = [["城关镇2025年4月隐患排查整改台账"],
            ["隐患编号", "行业领域", "单位名称", "隐患描述", "隐患等级", None, "发现日期", "整改状态"],
            [None, None, None, None, "一般", "重大", None, None],
            ["R-1", "消防", "甲店", "通道堵塞", None, "√", d(2025, 4, 1), "未整改"],
            ["R-2", "消防", "乙店", "灯坏", "●", None, d(2025, 4, 2), "未整改"]]
    merges = ["E2:F2"] + [f"{c}2:{c}3" for c in "ABCDGH"]
    a = run(xlsx([Sheet("Sheet1", rows, merges)]))
    assert {k: (r["level"], r["level_raw"]) for k, r in records(a).items()} == {"R-1": ("major", "重大"),
                                                                                 "R-2": ("general", "一般")}
    assert a.sheets[0].reading.marks == [["隐患等级", "level", ["一般", "重大"]]]


def test_context_decisions_are_listed():
    """A town from the title, a sector from the sheet name, a rectified date from the acceptance
    date: each a decision the report lists."""
    from tests.fixtures.ledgers import Sheet, d, xlsx

    rows = [["城关镇2025年4月隐患排查整改台账"],
            ["隐患编号", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改状态", "验收日期"],
            ["Q-1", "甲店", "灭火器过期", "一般", d(2025, 4, 1), "已整改", d(2025, 4, 6)]]
    a = run(xlsx([Sheet("消防", rows)]))
    r = records(a)["Q-1"]
    assert (r["town"], r["sector"], r["rectified_date"], r["verified_date"]) == ("城关镇", "fire", date(2025, 4, 6),
                                                                                date(2025, 4, 6))
    assert set(a.warning_lines("en")) == {
        "no town column: town 城关镇 from the title",
        "no sector column: sector fire from the sheet name '消防'",
        "no rectified-date column: the acceptance date fills it: 1 rows (e.g. 2025-04-06)",
    }


def test_status_codes_read_by_a_note_row_legend():
    """Issue 11 / contract §1.1: codes in any coded column are read by the legend, not the level's only."""
    a = run(V.status_codes_with_note_row())
    assert counts(a) == (5, 4, 0, 1)
    assert {k: (r["status"], r["rectified_date"]) for k, r in records(a).items()} == {
        "S-1": ("open", None), "S-2": ("rectified", date(2025, 4, 10)), "S-3": ("rectified", None), "S-4": ("open", None)}
    assert a.sheets[0].skipped == {"legend_row": 1}
    (leg,) = a.sheets[0].reading.legends
    assert leg[0] == "status" and "第7行" in leg[1] and leg[2] == {"0": "未整改", "1": "已整改"}
    by_legend = [n for n in a.notices if n.code == "codes_by_legend"]
    assert [n.count for n in by_legend] == [4] and "整改状态代码按图例读取" in by_legend[0].text()
    from etl.ingest.reading_report import sheet_lines

    assert any(line.startswith("整改状态图例") and "0=未整改 1=已整改" in line for line in sheet_lines(a.sheets[0]))


def test_unexplained_status_code_rejects_its_row_with_a_sentence():
    a = run(V.status_code_unexplained())
    assert counts(a) == (4, 2, 1, 1)
    assert {k: r["status"] for k, r in records(a).items()} == {"X-1": "open", "X-3": "rectified"}
    (p,) = a.problems
    assert (p.row, p.raw_value, p.code) == (4, "2", "code_unexplained_in")
    assert "整改状态中的代码“2”没有图例说明" in p.reason and "注：0-未整改 1-已整改" in p.reason
    assert "legend" in p.reason_en
    # the rejected row's status is not reported as defaulted, and the legend counts the two rows it read
    assert codes(a) == {"codes_by_legend": 2, "town_from_context": 1}


def test_dictionary_sections_each_read_for_their_own_column():
    a = run(V.dictionary_with_two_sections())
    assert counts(a) == (2, 2, 0, 0)
    got = {k: (r["level"], r["level_raw"], r["supervision_level"]) for k, r in records(a).items()}
    assert got == {"D-1": ("major", "2", "county"), "D-2": ("general", "1", "province")}
    legends = [(leg[0], leg[2]) for leg in a.sheets[0].reading.legends]
    assert legends == [("level", {"1": "一般", "2": "重大"}), ("supervision_level", {"1": "省级", "3": "县级"})]


def test_registry_risk_and_sector_codes_read_by_the_dictionary():
    """风险等级 1-红 2-橙 3-黄 4-蓝 in a registry, 行业领域 as codes: each read by its own line of 字典."""
    a = run(V.registry_codes_with_dictionary())
    assert a.kind == "registry" and counts(a) == (3, 2, 1, 0)
    got = {r["entity_name"]: (r["risk_level"], r["sector"], r["sector_raw"]) for r in a.frame.to_dict("records")}
    assert got == {"城关小学": ("red", "school", "2"), "城关燃气站": ("blue", "gas", "1")}
    (p,) = a.problems
    assert (p.row, p.raw_value, p.code) == (5, "5", "code_unexplained_in")
    assert "风险等级中的代码“5”没有图例说明" in p.reason
    legends = {leg[0]: leg[2] for leg in a.sheets[0].reading.legends}
    assert legends == {"risk_level": {"1": "红", "4": "蓝"}, "sector": {"1": "燃气", "2": "学校", "3": "工贸"}}
    assert sorted(n.count for n in a.notices if n.code == "codes_by_legend") == [2, 3]
