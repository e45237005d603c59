"""What the held-out evaluation (bench/eval_loader.py, bench/heldout/) found the loader misreading, one
regression test each with every field of every row; and a seeded slice of the held-out set run through
the loader with its truth, so CI keeps the figures the README reports."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from bench.eval_loader import score
from bench.heldout import SHAPES, build, shapes_more
from bench.heldout.book import FIELDS, KIND_FIELDS
from etl.ingest.hazard_row import HAZARD_FIELDS
from tests.fixtures import ledgers_heldout as H
from tests.test_loader_layouts import counts, run
from tests.test_loader_v2_shapes import codes, records, row


def test_area_column_is_the_town_and_progress_the_status():
    """地区 (a hazard system's 重大隐患 export) is the town — the rows were rejected as having none; 整改进展
    is the status column (正在整改 a listed word; 已完成整改，待验收 free text decided by its words and reported)."""
    a = run(H.area_column_and_progress())
    assert counts(a) == (2, 2, 0, 0)
    assert records(a) == {
        "G-1": row("G-1", "mining", date(2025, 4, 2), town="城关镇", sector_raw="金属非金属矿山企业", entity_name="青石采石场",
                   description="边坡超高", level="major", status="rectified", rectified_date=date(2025, 4, 20),
                   supervisor="县安委办", department="县安委办"),
        "G-2": row("G-2", "hazchem", date(2025, 4, 3), town="北坪镇", sector_raw="使用危化品的化工企业", entity_name="宏达化工",
                   description="储罐防火堤破损", level="major", supervisor="市安委会", department="市安委会"),
    }
    cols = {c[0]: c[1] for c in a.sheets[0].reading.columns}
    assert cols["地区"] == "town" and cols["整改进展"] == "status"
    c = codes(a)
    assert c["status_by_words"] == 1 and c["level_from_title"] == 1 and c["department_from_supervisor"] == 1
    assert "status_defaulted" not in c


def test_responsible_unit_is_the_department_and_rectified_day_the_rectified_date():
    a = run(H.responsible_unit_and_rectified_day())
    assert counts(a) == (2, 2, 0, 0)
    assert records(a) == {
        "R-1": row("R-1", "fire", date(2025, 4, 8), town="南山街道", sector_raw="消防", entity_name="红星宾馆",
                   description="应急照明灯损坏", level_raw="一般", status="rectified", rectified_date=date(2025, 4, 12),
                   department="县消防救援大队"),
        "R-2": row("R-2", "gas", date(2025, 4, 9), town="南山街道", sector_raw="燃气", entity_name="老街火锅店",
                   description="未装燃气报警器", level_raw="一般", department="县住建局"),
    }
    assert a.sheets[0].ignored_columns == []


def test_system_sector_words_and_joint_inspection():
    """"三合一"场所 and 出租房 became 'other', 石油天然气开采企业 became 燃气, 联合执法检查 became routine."""
    a = run(H.system_sector_words())
    assert counts(a) == (3, 3, 0, 0)
    kw = dict(town="河西乡", level_raw="一般", inspection_method="joint")
    assert records(a) == {
        "W-1": row("W-1", "fire", date(2025, 4, 1), sector_raw="\"三合一\"场所", entity_name="城南小作坊",
                   description="住人与仓储未分隔", **kw),
        "W-2": row("W-2", "fire", date(2025, 4, 2), sector_raw="出租房", entity_name="东街出租房", description="电动车楼道充电",
                   **kw),
        "W-3": row("W-3", "mining", date(2025, 4, 3), sector_raw="石油天然气开采企业", entity_name="河西采气站",
                   description="井口压力表失效", **kw),
    }
    assert "sector_other" not in codes(a)


def test_yhpc_category_ticks_banner_town_and_nothing_row():
    """隐患类别 over 人 | 物 | 管理 came out as the tick itself (√) or nothing; the banner row made the town
    "隐患情况列表北坪镇"."""
    a = run(H.yhpc_category_ticks())
    assert counts(a) == (3, 2, 0, 1)
    kw = dict(town="北坪镇", level="general")
    assert records(a) == {
        "Y-1": row("Y-1", "industry_trade", date(2025, 4, 3), entity_name="兴旺机械厂", description="砂轮机无防护罩",
                   hazard_category="物", status="rectified", **kw),
        "Y-2": row("Y-2", "industry_trade", date(2025, 4, 5), entity_name="恒达木业", description="除尘系统未接地",
                   hazard_category="管理", **kw),
    }
    sheet = a.sheets[0]
    marks = {m[1]: m[2] for m in sheet.reading.marks}
    assert marks == {"hazard_category": ["人", "物", "管理"], "status": ["未治理", "已治理"]}
    assert sheet.skipped == {"nothing_to_report": 1}
    c = codes(a)
    assert c["level_from_title"] == 1 and c["sector_from_sheet"] == 1 and c["town_from_context"] == 1


def test_nothing_found_sentences_are_not_hazards():
    """"经检查，未发现隐患" was loaded as an open hazard."""
    a = run(H.nothing_found_sentences())
    assert counts(a) == (3, 1, 0, 2)
    assert records(a) == {
        "N-1": row("N-1", "tourism", date(2025, 4, 4), town="青石乡", sector_raw="景区", entity_name="青龙山景区",
                   description="玻璃栈道护栏松动", level_raw="一般"),
    }
    assert a.sheets[0].skipped == {"nothing_to_report": 2}


def test_placeholders_are_no_value():
    """A department, measure or person named "/" or "—" reached the warehouse (and the leaders' pages)."""
    a = run(H.placeholder_cells())
    assert counts(a) == (3, 3, 0, 0)
    kw = dict(town="河西乡", level_raw="一般")
    assert records(a) == {
        "P-1": row("P-1", "fire", date(2025, 4, 1), sector_raw="消防", entity_name="好运来超市", description="灭火器压力不足",
                   **kw),
        "P-2": row("P-2", "school", date(2025, 4, 2), sector_raw="学校", entity_name="育才幼儿园", description="消防栓无水",
                   **kw),
        "P-3": row("P-3", "industry_trade", date(2025, 4, 3), sector_raw="工贸", entity_name="兴旺机械厂",
                   description="砂轮机无防护罩", status="rectified", rectified_date=date(2025, 4, 10), **kw),
    }


def test_time_limit_in_days():
    a = run(H.days_time_limit())
    assert counts(a) == (3, 3, 0, 0)
    kw = dict(town="南山街道", level_raw="一般")
    assert records(a) == {
        "D-1": row("D-1", "fire", date(2025, 4, 3), sector_raw="消防", entity_name="红星宾馆", description="安全出口上锁",
                   deadline=date(2025, 4, 10), **kw),
        "D-2": row("D-2", "construction", date(2025, 4, 20), sector_raw="建筑施工", entity_name="安置房二标段",
                   description="临边防护缺失", deadline=date(2025, 5, 5), **kw),
        "D-3": row("D-3", "special_equipment", date(2025, 4, 25), sector_raw="特种设备", entity_name="城关商厦",
                   description="电梯超期未检", deadline=date(2025, 5, 25), status="rectified", **kw),
    }
    assert codes(a)["deadline_days"] == 3


def test_bare_number_time_limit_is_not_guessed():
    a = run(H.bare_number_time_limit())
    assert counts(a) == (1, 1, 0, 0)
    assert records(a)["E-1"]["deadline"] is None
    assert codes(a)["deadline_unrecognised"] == 1


def _by_unit(a) -> dict[str, dict]:
    return {r["entity_name"]: r for r in records_list(a)}


def records_list(a) -> list[dict]:
    fields = [f for f in HAZARD_FIELDS if f != "source_row"]
    return [{f: _plain(rec[f]) for f in fields} for rec in a.frame.to_dict("records")]


def _plain(v):
    if v is None or (isinstance(v, float) and v != v):
        return None
    return v.date() if hasattr(v, "date") and not isinstance(v, date) else v


def test_county_template_headers():
    """计划整改完成时间 was read as the rectified date (it contains 整改完成时间); 是否销号, 单位（场所）名称,
    隐患具体描述, 发现隐患时间, 属地乡镇, 整改到位时间 were not read; 整改责任单位 must not become the department."""
    a = run(H.county_template_headers())
    assert counts(a) == (2, 2, 0, 0)
    assert _by_unit(a) == {
        "好运来超市": row(None, "fire", date(2025, 4, 2), town="东湖镇", sector_raw="消防", entity_name="好运来超市",
                     description="安全出口上锁", level="major", level_raw="重大", deadline=date(2025, 4, 30),
                     status="rectified", rectified_date=date(2025, 4, 12), department="县消防救援大队"),
        "便民液化气站": row(None, "gas", date(2025, 4, 3), town="青石乡", sector_raw="燃气", entity_name="便民液化气站",
                       description="气瓶超期未检", level_raw="一般", deadline=date(2025, 4, 20), department="县住建局"),
    }
    assert a.sheets[0].ignored_columns == ["整改责任单位"]


def test_closed_loop_status():
    a = run(H.closed_loop_status())
    assert counts(a) == (2, 2, 0, 0)
    kw = dict(town="北坪镇", sector_raw="工贸", level_raw="一般")
    assert records(a) == {
        "C-1": row("C-1", "industry_trade", date(2025, 4, 1), entity_name="兴旺机械厂", description="砂轮机无防护罩",
                   status="rectified", rectified_date=date(2025, 4, 9), **kw),
        "C-2": row("C-2", "industry_trade", date(2025, 4, 2), entity_name="恒达木业", description="除尘系统未接地", **kw),
    }
    c = codes(a)
    assert "status_unknown" not in c and c["rectified_date_but_open"] == 1  # C-2's date: not stored, and said so


# ---------------------------------------------------------------- the held-out set itself

ALL_SHAPES = SHAPES


@pytest.mark.parametrize("shape", ALL_SHAPES, ids=[s.__name__ for s in ALL_SHAPES])
def test_heldout_shape_loads_as_its_truth(shape):
    """One seed of every held-out shape: every row the truth says loads is loaded with every field right,
    no non-hazard row is loaded, the rows that must be rejected are, and every default and free-text
    decision the truth names is in the load report."""
    (case,) = build(seed=3, shapes=(shape,))
    sc = score(case)
    assert not sc.refused, sc.refused
    assert sc.expected_loaded > 0
    assert sc.mismatches == []
    assert (sc.valid_rejected, sc.valid_dropped, sc.non_hazard_loaded, sc.bad_row_loaded, sc.bad_row_not_rejected) == (
        0, 0, 0, 0, 0)
    assert sc.fields_right == sc.fields_total == sc.expected_loaded * len(KIND_FIELDS[case.kind])
    assert sc.missing_decisions == []


def test_heldout_rows_account_for_every_source_row():
    """The truth of each shape names every non-empty row below the header: its loaded + rejected + non-data
    equals the loader's rows read, sheet by sheet (nothing dropped silently)."""
    from etl.ingest.pipeline import analyse

    for case in build(seed=5, shapes=ALL_SHAPES):
        a = analyse(case.data, case.file_name, **case.kwargs)
        read = {s.name: s.rows_read for s in a.sheets if s.role == "data"}
        for spec in case.sheets:
            name = a.sheets[0].name if case.file_name.endswith(".csv") else spec.name
            if name in read:
                assert read[name] == len(spec.truth), (case.shape, name)
            else:
                assert not any(e.outcome == "loaded" for e in spec.truth.values()), (case.shape, name)


def test_the_scorer_sees_a_wrong_field_and_an_unreported_default():
    """The guard above can fail: a truth with one field changed and a decision the report does not make
    are each counted."""
    (case,) = build(seed=3, shapes=(shapes_more.days_limit,))
    sheet = case.sheets[0]
    first = min(sheet.truth)
    e = sheet.truth[first]
    wrong = dict(e.fields, town="别的镇")
    sheet.truth[first] = dataclasses.replace(e, fields=wrong, decisions=(*e.decisions, "sector_other"))
    sc = score(case)
    assert [(m[1], m[2]) for m in sc.mismatches] == [("town", "别的镇")]
    assert sc.missing_decisions == [(sheet.name, "sector_other", 1, 0)]
    assert set(HAZARD_FIELDS) - {"source_row"} == set(FIELDS)


def test_html_table_saved_as_xls():
    """A hazard system's "Excel" export that is a web page was refused (no header found)."""
    from tests.fixtures import has_chinese

    a = run(H.html_major_export(), "重大隐患.xls")
    assert counts(a) == (3, 3, 0, 0)
    kw = dict(level="major")
    assert records(a) == {
        "H-1": row("H-1", "mining", date(2025, 4, 3), town="城关镇", sector_raw="尾矿库", entity_name="白沙尾矿库",
                   description="排洪设施淤堵 坝体渗水", **kw),
        "H-2": row("H-2", "gas", date(2025, 4, 5), town="城关镇", sector_raw="燃气", entity_name="便民液化气站",
                   description="气瓶超期未检", **kw),
        "H-3": row("H-3", "school", date(2025, 4, 6), town="北坪镇", sector_raw="学校", entity_name="育才幼儿园",
                   description="消防栓无水", **kw),
    }
    sheet = a.sheets[0]
    assert sheet.header_row == 2 and sorted(sheet.ignored_columns) == ["落实治理时间要求", "落实治理目标任务"]
    assert codes(a)["level_from_title"] == 1 and codes(a)["status_defaulted"] == 3
    assert all(has_chinese(w) for w in a.warnings)


def test_html_spans_are_capped_and_a_page_without_a_ledger_is_refused():
    from etl.ingest import html_table
    from etl.problems import RefusedFile

    rows = html_table.read_html_tables('<table><tr><td colspan="100000">x</td></tr></table>', "x.xls", 10_000)
    assert rows == [["x"] * html_table.MAX_SPAN]
    with pytest.raises(RefusedFile) as exc:
        run(b"<html><body><table><tr><td>hello</td></tr></table></body></html>", "page.xls")
    assert exc.value.code == "no_header"
    with pytest.raises(RefusedFile) as exc:
        html_table.read_html_tables("<table>" + '<tr><td rowspan="200">a</td></tr>' * 200 + "</table>", "big.xls", 1_000)
    assert exc.value.code == "too_big"


def test_more_status_and_sector_words():
    """已整改（部分） and 已采取临时措施 read as rectified or undecided; 验收合格 and 整改到位 were unknown; 娱乐场所,
    民宿, 农家乐, 金属冶炼 and 危险货物运输 became 'other'."""
    a = run(H.more_status_and_sector_words())
    assert counts(a) == (6, 6, 0, 0)
    kw = dict(town="东湖镇", level_raw="一般")
    assert records(a) == {
        "S-1": row("S-1", "tourism", date(2025, 4, 1), sector_raw="娱乐场所", entity_name="金色年华KTV",
                   description="安全出口上锁", **kw),
        "S-2": row("S-2", "industry_trade", date(2025, 4, 2), sector_raw="金属冶炼", entity_name="东湖铝业",
                   description="熔炼炉冷却水无监测", status="rectified", verification_result="passed", **kw),
        "S-3": row("S-3", "traffic", date(2025, 4, 3), sector_raw="危险货物运输", entity_name="通达危货运输",
                   description="罐车静电带缺失", status="rectified", **kw),
        "S-4": row("S-4", "tourism", date(2025, 4, 4), sector_raw="民宿", entity_name="湖畔民宿", description="无自动报警",
                   **kw),
        "S-5": row("S-5", "tourism", date(2025, 4, 5), sector_raw="农家乐", entity_name="荷塘农家乐",
                   description="液化气瓶放室内", **kw),
        "S-6": row("S-6", "tourism", date(2025, 4, 6), sector_raw="文化娱乐场所", entity_name="星空网吧",
                   description="疏散指示损坏", **kw),
    }
    c = codes(a)
    assert c["status_by_words"] == 4 and "status_unknown" not in c and "sector_other" not in c


def test_a_package_of_sheets_of_several_kinds():
    """A workbook with a 检查记录 and a 企业名录 beside the 隐患台账 was read as an inspection log: the hazards
    were stored as visits."""
    a = run(H.mixed_kinds_package(), "城关镇4月报送.xlsx")
    assert a.kind == "hazard" and counts(a) == (2, 2, 0, 0)
    assert records(a) == {
        "A-1": row("A-1", "fire", date(2025, 4, 1), sector_raw="消防", entity_name="甲店", description="灭火器过期",
                   level_raw="一般"),
        "A-2": row("A-2", "gas", date(2025, 4, 2), sector_raw="燃气", entity_name="乙店", description="软管老化",
                   level_raw="一般", status="rectified"),
    }
    roles = {s.name: (s.role, s.reason_text("en")) for s in a.sheets}
    assert roles["隐患台账"][0] == "data"
    assert roles["检查记录"] == ("other_kind", "this sheet reads as kind 'inspection', the file as 'hazard': not loaded; "
                                             "to load it, load this file again with the kind set to 'inspection' "
                                             "(only sheets of that kind are read)")
    assert roles["企业名录"][0] == "other_kind" and "这是一张监管对象名录" in a.sheets[2].reason


def test_inspection_major_sub_column_and_month_day_dates():
    a = run(H.inspection_group_and_month_day())
    assert a.kind == "inspection" and counts(a) == (2, 2, 0, 0)
    got = {r["entity_name"]: {f: _plain(r[f]) for f in KIND_FIELDS["inspection"]} for r in a.frame.to_dict("records")}
    base = dict(town="河西乡", department=None)
    assert got == {
        "城关化工厂": dict(base, inspection_date=date(2025, 4, 19), sector="hazchem", sector_raw="危化品",
                      entity_name="城关化工厂", inspection_method="spot", inspectors="张伟、王芳", hazards_found=5,
                      major_hazards_found=1, penalty_yuan=5000.0),
        "城关超市": dict(base, inspection_date=date(2025, 4, 3), sector="fire", sector_raw="消防", entity_name="城关超市",
                     inspection_method="unannounced", inspectors="李强", hazards_found=0, major_hazards_found=0,
                     penalty_yuan=0.0),
    }
    assert codes(a)["date_without_year"] == 2


def test_spoken_dates_and_time_limits():
    """4月3号 was rejected (号 for 日); 本月底前, 下月底前, 一周内, 十五天内 gave no deadline."""
    a = run(H.spoken_dates_and_limits())
    assert counts(a) == (7, 7, 0, 0)
    kw = dict(town="青石乡", sector_raw="消防", level_raw="一般")
    units = {"K-1": ("甲店", "灭火器过期"), "K-2": ("乙店", "通道堵塞"), "K-3": ("丙店", "指示灯坏"), "K-4": ("丁店", "线路老化"),
             "K-5": ("戊店", "喷淋停用"), "K-6": ("己店", "防火门坏"), "K-7": ("庚店", "烟感失效")}
    dates = {"K-1": (date(2025, 4, 3), date(2025, 4, 30)), "K-2": (date(2025, 4, 8), date(2025, 5, 31)),
             "K-3": (date(2025, 4, 10), date(2025, 4, 17)), "K-4": (date(2025, 4, 11), date(2025, 4, 26)),
             "K-5": (date(2025, 4, 12), date(2025, 5, 10)), "K-6": (date(2025, 4, 14), None),
             "K-7": (date(2025, 4, 15), None)}
    assert records(a) == {
        k: row(k, "fire", dates[k][0], entity_name=units[k][0], description=units[k][1], deadline=dates[k][1], **kw)
        for k in units
    }
    c = codes(a)
    assert c["deadline_phrase"] == 5 and c["deadline_unrecognised"] == 2 and c["date_without_year"] == 1


@pytest.mark.parametrize("shape", ALL_SHAPES, ids=[s.__name__ for s in ALL_SHAPES])
def test_heldout_shape_reads_the_same_by_columns_as_by_rows(monkeypatch, shape):
    """The column-by-column reading of hazard rows gives the row reader's result exactly on every held-out shape
    (records, problems, notices with their counts and examples, the reading report)."""
    from tests.test_loader_columns import _both_ways

    (case,) = build(seed=3, shapes=(shape,))
    by_columns, by_rows = _both_ways(monkeypatch, case.data, case.file_name)
    assert by_columns == by_rows


def test_town_column_naming_the_government_or_the_county():
    """城关镇人民政府, 安宁县城关镇 and 城关镇 were three towns on the leaders' pages."""
    a = run(H.town_government_names())
    assert counts(a) == (5, 5, 0, 0)
    towns = {1: "城关镇", 2: "城关镇", 3: "南山街道", 4: "城关镇", 5: "城关"}
    assert records(a) == {
        f"T-{i}": row(f"T-{i}", "fire", date(2025, 4, i), town=t, sector_raw="消防", entity_name=f"店{i}",
                      description="灭火器过期", level_raw="一般") for i, t in towns.items()
    }
    (line,) = [n for n in a.notices if n.code == "town_normalised"]
    assert line.count == 3 and line.examples == ["城关镇人民政府→城关镇", "安宁县城关镇→城关镇", "南山街道办事处→南山街道"]


def test_county_template_headers_more():
    """限期整改时间 was read as the rectified date; 行业分类, 问题描述, 隐患分级, 巡查时间, 是否完成整改, 主管单位, 复查情况
    and 乡镇/街道 were not read (the file was refused); 属地责任单位 must not become the department."""
    a = run(H.county_template_headers_more())
    assert counts(a) == (2, 2, 0, 0)
    assert _by_unit(a) == {
        "宏达化工": row(None, "hazchem", date(2025, 4, 2), town="城关镇", sector_raw="危化品", entity_name="宏达化工",
                    description="储罐防火堤破损", level="major", level_raw="重大隐患", deadline=date(2025, 4, 30),
                    status="rectified", rectified_date=date(2025, 4, 8), department="县应急管理局",
                    verified_date=date(2025, 4, 10), verification_result="passed"),
        "便民液化气站": row(None, "gas", date(2025, 4, 3), town="河西乡", sector_raw="燃气", entity_name="便民液化气站",
                       description="气瓶超期未检", level_raw="一般隐患", deadline=date(2025, 4, 20), department="县住建局"),
    }
    assert a.sheets[0].ignored_columns == ["属地责任单位"]


def test_weekday_and_half_day_after_a_date():
    a = run(H.weekday_dates())
    assert counts(a) == (4, 4, 0, 0)
    kw = dict(town="东湖镇", sector_raw="消防", level_raw="一般")
    assert records(a) == {
        "W-1": row("W-1", "fire", date(2025, 4, 3), entity_name="甲店", description="灭火器过期", **kw),
        "W-2": row("W-2", "fire", date(2025, 4, 7), entity_name="乙店", description="通道堵塞", **kw),
        "W-3": row("W-3", "fire", date(2025, 4, 9), entity_name="丙店", description="指示灯坏", **kw),
        "W-4": row("W-4", "fire", date(2025, 4, 10), entity_name="丁店", description="线路老化", **kw),
    }
    assert codes(a)["date_without_year"] == 1


def test_a_sheet_with_a_hazards_own_columns_is_read_as_hazards():
    """Only a sheet with none of a hazard's own columns is set aside as another kind."""
    a = run(H.hazard_sheet_that_looks_like_visits(), "城关镇4月.xlsx")
    assert a.kind == "hazard" and counts(a) == (3, 3, 0, 0)
    assert [s.role for s in a.sheets] == ["data", "data"]
    kw = dict(town="城关镇")
    assert records(a) == {
        "A-1": row("A-1", "fire", date(2025, 4, 1), sector_raw="消防", entity_name="甲店", description="灭火器过期",
                   level_raw="一般", **kw),
        "E-1": row("E-1", "hazchem", date(2025, 4, 3), sector_raw="危化品", entity_name="城关化工厂",
                   description="储罐无液位计", status="rectified", **kw),
        "E-2": row("E-2", "fire", date(2025, 4, 9), sector_raw="消防", entity_name="城关超市", description="通道堵塞", **kw),
    }


def test_funds_with_a_currency_sign():
    """¥3000 was not a number (funds dropped with a warning)."""
    a = run(H.funds_with_currency_sign())
    assert counts(a) == (3, 3, 0, 0)
    kw = dict(town="城关镇", sector_raw="消防", level_raw="一般")
    assert records(a) == {
        "F-1": row("F-1", "fire", date(2025, 4, 1), entity_name="甲店", description="灭火器过期", funds_yuan=3000.0, **kw),
        "F-2": row("F-2", "fire", date(2025, 4, 2), entity_name="乙店", description="通道堵塞", funds_yuan=15000.0, **kw),
        "F-3": row("F-3", "fire", date(2025, 4, 3), entity_name="丙店", description="指示灯坏", funds_yuan=20000.0, **kw),
    }
    assert "funds_not_number" not in codes(a)


def test_excel_2003_xml_spreadsheet():
    """An Excel 2003 XML export named .xls was refused (no header found)."""
    a = run(H.xml_spreadsheet_2003(), "隐患台账.xls")
    assert counts(a) == (2, 2, 0, 0)
    assert records(a) == {
        "X-1": row("X-1", "fire", date(2025, 4, 3), sector_raw="消防", entity_name="甲店", description="灭火器过期",
                   level_raw="一般", status="rectified", rectified_date=date(2025, 4, 9)),
        "X-2": row("X-2", "gas", date(2025, 4, 5), sector_raw="燃气", description="软管老化", level="major", level_raw="重大"),
    }
    assert [(s.name, s.role) for s in a.sheets] == [("隐患台账", "data"), ("草稿", "hidden")]


def test_excel_2003_xml_with_a_dtd_or_entities_is_refused():
    """XML from an upload never has its entities expanded (billion laughs, external entities): refused whole."""
    from etl.problems import RefusedFile

    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
              b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet><Table><Row><Cell><Data>&lol2;'
              b'</Data></Cell></Row></Table></Worksheet></Workbook>')
    with pytest.raises(RefusedFile) as exc:
        run(laughs, "lol.xls")
    assert exc.value.code == "corrupt" and "DTD" in exc.value.message_zh
