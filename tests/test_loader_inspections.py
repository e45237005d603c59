"""The loader on the two kinds added by issue 3: inspection logs (检查记录) and registries
(监管对象名录). One code-built workbook per layout quirk; exact row accounting; bad files
refused; a newer registry replaces the older one as ``entities`` while ``entity_obs`` keeps both.
"""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

from etl.ingest.pipeline import analyse
from etl.problems import RefusedFile
from etl.store import db
from etl.store.writes import ingest

# ---------------------------------------------------------------- builders


def xlsx(rows: list[list], *, merges: tuple[str, ...] = (), sheet: str = "Sheet1", extra: dict | None = None) -> bytes:
    """One workbook from rows (None = empty cell); ``extra`` = more sheets {name: rows}."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for sheet_rows, target in [(rows, ws)] + [(r, wb.create_sheet(n)) for n, r in (extra or {}).items()]:
        for r, row in enumerate(sheet_rows, start=1):
            for c, v in enumerate(row, start=1):
                if v is not None:
                    cell = target.cell(row=r, column=c, value=v)
                    if isinstance(v, datetime):
                        cell.number_format = "yyyy-mm-dd"
    for m in merges:
        ws.merge_cells(m)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def d(m: int, day: int) -> datetime:
    return datetime(2025, m, day)


INSP_HEADER = [
    "序号",
    "检查日期",
    "乡镇",
    "被检查单位",
    "行业领域",
    "检查方式",
    "检查人员",
    "检查部门",
    "发现隐患数",
    "重大隐患数",
    "罚款（元）",
]


def insp_with_title_rows() -> bytes:
    """Title, 填报单位 line and period line above a standard header; 3 visits. Correct: 3 loaded."""
    return xlsx(
        [
            ["城关镇2025年3月安全生产检查记录"] + [None] * 10,
            ["填报单位：城关镇安监站　　填报日期：2025年4月3日"],
            ["（2025年3月1日-3月31日）"],
            INSP_HEADER,
            [1, d(3, 3), "城关镇", "阳光幼儿园", "学校", "日常检查", "张三、李四", "城关镇安监站", 2, 0, 0],
            [2, d(3, 5), "城关镇", "红星化工有限公司", "危化品", "四不两直", "王五", "县应急管理局", 3, 1, 5000],
            [3, d(3, 9), "城关镇", "金辉超市", "消防", "专项检查", "赵六", "县消防救援大队", 0, 0, None],
        ],
        merges=("A1:K1",),
    )


def insp_merged_header_wan() -> bytes:
    """Two-row merged header (检查基本情况 / 检查结果 groups), penalty in 万元, synonyms
    (所属乡镇, 检查形式, 发现隐患(项), 其中重大隐患(项), 执法人员). Correct: 2 loaded, 0.5 万元 = 5000 元."""
    return xlsx(
        [
            ["县应急管理局2025年5月执法检查台账"],
            ["序号", "检查基本情况", None, None, None, "检查结果", None, None, "执法人员"],
            [
                None,
                "检查日期",
                "所属乡镇",
                "被检查单位",
                "检查形式",
                "发现隐患（项）",
                "其中重大隐患（项）",
                "罚款（万元）",
                None,
            ],
            [1, d(5, 6), "南山乡", "南山矿业有限公司", "双随机", 4, 2, 0.5, "孙七、周八"],
            [2, d(5, 7), "南山乡", "南山加油站", "联合执法", 1, 0, 0, "孙七、周八"],
        ],
        merges=("B2:E2", "F2:H2", "A2:A3", "I2:I3"),
    )


METHOD_WORDS = {
    "四不两直": "unannounced", "暗查暗访": "unannounced", "执法检查": "routine", "日常检查": "routine",
    "专项整治": "special", "双随机": "spot", "联合执法": "joint", "企业自查": "self", "学校自查": "self",
    "交叉检查": "mutual", "上级督查": "supervision", "督导检查": "supervision", "群众举报": "report",
}  # fmt: skip


def insp_methods() -> bytes:
    """One visit per method word of the vocabulary, plus one unknown word (loaded, method blank, warned)."""
    rows = [INSP_HEADER]
    for i, word in enumerate([*METHOD_WORDS, "随便看看"], start=1):
        rows.append([i, d(6, 1 + i % 28), "河西街道", f"单位{i:02d}", "工贸", word, "某某", "县应急管理局", 1, 0, 0])
    return xlsx(rows)


def insp_totals_footer_bad() -> bytes:
    """3 good visits, one bad date ('待定'), one non-numeric 发现隐患数 ('若干'), a 合计 row and two
    footer rows, an empty row in between. Correct: read 8 = 3 loaded + 2 rejected + 3 skipped."""
    return xlsx(
        [
            ["安全检查记录（2025年7月）"],
            INSP_HEADER,
            [1, d(7, 1), "北岗镇", "北岗砖厂", "工贸", "日常检查", "甲", "县应急管理局", 1, 0, 0],
            [2, "待定", "北岗镇", "北岗中学", "学校", "日常检查", "甲", "县教育局", 0, 0, 0],
            [3, d(7, 3), "北岗镇", "北岗加油站", "加油站", "抽查", "乙", "县应急管理局", "若干", 0, 0],
            [None] * 11,
            [4, d(7, 4), "北岗镇", "北岗酒店", "消防", "日常检查", "丙", "县消防救援大队", 2, 1, 2000],
            [5, d(7, 5), "北岗镇", "北岗超市", "消防", "日常检查", "丙", "县消防救援大队", 0, 0, 0],
            ["合　计", None, None, None, None, None, None, None, 3, 1, 2000],
            ["填表人：张三", None, None, "审核人：李四"],
            ["联系电话：12345678"],
        ]
    )


REG_HEADER = ["序号", "单位名称", "所属乡镇", "行业领域", "监管部门", "统一社会信用代码", "风险等级"]
RISK_WORDS = {"红": "red", "橙色": "orange", "黄": "yellow", "蓝": "blue", "重大风险": "red", "较大风险": "orange",
              "一般风险": "yellow", "低风险": "blue"}  # fmt: skip


def registry_risk_words(month: int = 3, names: tuple[str, ...] | None = None) -> bytes:
    """Title + header; one unit per risk word (红/橙/黄/蓝 and 重大·较大·一般·低风险), one unit
    without a grade, one with an unknown grade ('特级': loaded, risk blank, warned)."""
    words = [*RISK_WORDS, None, "特级"]
    names = names or tuple(f"城关企业{i:02d}" for i in range(len(words)))
    rows = [[f"城关镇2025年{month}月监管对象名录"], REG_HEADER]
    for i, (name, word) in enumerate(zip(names, words, strict=False), start=1):
        rows.append([i, name, "城关镇", "工贸", "县应急管理局", f"91510000MA{i:08d}", word])
    return xlsx(rows)


def registry_merged_header_footer() -> bytes:
    """Merged two-row header (基本信息 / 监管信息), a 合计 row and a 备注 footer; 2 units."""
    return xlsx(
        [
            ["生产经营单位清单"],
            ["序号", "基本信息", None, None, "监管信息", None, None],
            [None, "企业名称", "乡镇（街道）", "行业类别", "行业主管部门", "信用代码", "风险级别"],
            [1, "河西燃气站", "河西街道", "燃气", "县住建局", "91510000MA00000001", "较大风险"],
            [2, "河西小学", "河西街道", "学校", None, None, "低风险"],
            ["合计", "2家"],
            ["备注：风险等级按县安委办2025年评定结果填写"],
        ],
        merges=("B2:D2", "E2:G2", "A2:A3"),
    )


def frame(a) -> pd.DataFrame:
    return a.frame


def check_accounting(a) -> None:
    assert a.rows_read == a.rows_loaded + a.rows_rejected + a.rows_skipped
    assert len(a.frame) == a.rows_loaded


# ---------------------------------------------------------------- inspection logs


def test_inspection_log_with_title_rows_is_recognised_by_header() -> None:
    a = analyse(insp_with_title_rows(), "记录.xlsx")
    check_accounting(a)
    assert a.kind == "inspection"
    assert (a.rows_read, a.rows_loaded, a.rows_rejected, a.rows_skipped) == (3, 3, 0, 0)
    assert a.report_month == date(2025, 3, 1)
    df = frame(a).sort_values("source_row")
    assert df["entity_name"].tolist() == ["阳光幼儿园", "红星化工有限公司", "金辉超市"]
    assert df["sector"].tolist() == ["school", "hazchem", "fire"]
    assert df["inspection_method"].tolist() == ["routine", "unannounced", "special"]
    assert df["department"].tolist() == ["城关镇安监站", "县应急管理局", "县消防救援大队"]
    assert df["hazards_found"].tolist() == [2, 3, 0]
    assert df["major_hazards_found"].tolist() == [0, 1, 0]
    assert df["penalty_yuan"].tolist() == [0.0, 5000.0, 0.0]  # blank penalty = 0 (contract: 0 when none)
    assert df["source_row"].tolist() == [5, 6, 7]
    assert [pd.Timestamp(x).date() for x in df["inspection_date"]] == [
        date(2025, 3, 3),
        date(2025, 3, 5),
        date(2025, 3, 9),
    ]


def test_inspection_log_merged_header_and_wan_yuan() -> None:
    a = analyse(insp_merged_header_wan(), "台账.xlsx")
    check_accounting(a)
    assert a.kind == "inspection"
    assert (a.rows_read, a.rows_loaded, a.rows_rejected, a.rows_skipped) == (2, 2, 0, 0)
    df = frame(a).sort_values("source_row")
    assert df["penalty_yuan"].tolist() == [5000.0, 0.0]
    assert df["hazards_found"].tolist() == [4, 1]
    assert df["major_hazards_found"].tolist() == [2, 0]
    assert df["inspection_method"].tolist() == ["spot", "joint"]
    assert df["inspectors"].tolist() == ["孙七、周八", "孙七、周八"]
    assert df["town"].tolist() == ["南山乡", "南山乡"]


def test_inspection_methods_vocabulary() -> None:
    a = analyse(insp_methods(), "检查.xlsx")
    check_accounting(a)
    assert a.rows_loaded == len(METHOD_WORDS) + 1
    got = dict(zip(frame(a)["entity_name"], frame(a)["inspection_method"], strict=True))
    for i, code in enumerate(METHOD_WORDS.values(), start=1):
        assert got[f"单位{i:02d}"] == code, (i, code)
    assert pd.isna(got[f"单位{len(METHOD_WORDS) + 1:02d}"])  # unknown word: blank, not guessed
    assert any("检查方式" in w for w in a.warnings)


def test_inspection_totals_footer_and_bad_rows_are_accounted() -> None:
    a = analyse(insp_totals_footer_bad(), "检查记录.xlsx")
    check_accounting(a)
    assert (a.rows_read, a.rows_loaded, a.rows_rejected, a.rows_skipped) == (8, 3, 2, 3)
    reasons = {p.row: p.reason for p in a.problems}
    assert set(reasons) == {4, 5}
    assert "检查日期无法识别" in reasons[4] and "待定" in reasons[4]
    assert "发现隐患数不是数字" in reasons[5] and "若干" in reasons[5]
    assert sorted(frame(a)["entity_name"]) == sorted(["北岗砖厂", "北岗酒店", "北岗超市"])


def test_inspection_log_without_date_column_is_refused(db_path) -> None:
    bad = xlsx([["序号", "被检查单位", "检查人员", "发现隐患数", "罚款（元）"], [1, "某厂", "甲", 1, 0]])
    with pytest.raises(RefusedFile) as exc:
        analyse(bad, "检查.xlsx")
    assert "检查日期" in str(exc.value)
    report = ingest(bad, "检查.xlsx", db=db_path)
    assert report.status == "refused"
    assert not db_path.exists() or db.open_reader(db_path).execute("SELECT count(*) FROM uploads").fetchone()[0] == 0


def test_kind_override_reads_a_ledger_shaped_sheet_as_inspections() -> None:
    # 检查日期 + 被检查单位 + 隐患描述-free columns: header says nothing decisive; --kind decides.
    data = xlsx([["检查日期", "乡镇", "被检查单位", "行业领域"], [d(8, 1), "城关镇", "某厂", "工贸"]])
    a = analyse(data, "x.xlsx", kind="inspection")
    assert a.kind == "inspection" and a.rows_loaded == 1
    assert frame(a)["hazards_found"].tolist() == [0]


# ---------------------------------------------------------------- registries


def test_registry_risk_words() -> None:
    a = analyse(registry_risk_words(), "名录.xlsx")
    check_accounting(a)
    assert a.kind == "registry"
    n = len(RISK_WORDS) + 2
    assert (a.rows_read, a.rows_loaded, a.rows_rejected, a.rows_skipped) == (n, n, 0, 0)
    risks = frame(a).sort_values("source_row")["risk_level"].tolist()
    assert risks[: len(RISK_WORDS)] == list(RISK_WORDS.values())
    assert pd.isna(risks[-2]) and pd.isna(risks[-1])
    assert any("风险等级" in w for w in a.warnings)
    assert frame(a)["credit_code"].iloc[0] == "91510000MA00000001"


def test_registry_merged_header_totals_and_footer() -> None:
    a = analyse(registry_merged_header_footer(), "清单.xlsx")
    check_accounting(a)
    assert a.kind == "registry"
    assert (a.rows_read, a.rows_loaded, a.rows_rejected, a.rows_skipped) == (4, 2, 0, 2)
    df = frame(a).sort_values("source_row")
    assert df["entity_name"].tolist() == ["河西燃气站", "河西小学"]
    assert df["sector"].tolist() == ["gas", "school"]
    assert df["department"].tolist()[0] == "县住建局" and pd.isna(df["department"].tolist()[1])
    assert df["risk_level"].tolist() == ["orange", "blue"]


def test_registry_without_unit_name_is_refused() -> None:
    bad = xlsx(
        [["序号", "所属乡镇", "行业领域", "统一社会信用代码", "风险等级"], [1, "城关镇", "工贸", "915100", "红"]]
    )
    with pytest.raises(RefusedFile) as exc:
        analyse(bad, "名录.xlsx")
    assert "单位名称" in str(exc.value)


def test_not_a_spreadsheet_is_refused(db_path) -> None:
    report = ingest(b"\x00\x01not a workbook at all", "名录.xlsx", db=db_path)
    assert report.status == "refused" and report.message


def test_newer_registry_replaces_older_and_history_stays(db_path) -> None:
    old = registry_risk_words(month=3, names=("甲厂", "乙厂", "丙厂"))
    new = registry_risk_words(month=6, names=("甲厂", "丁厂"))
    r_new = ingest(new, "城关镇2025年6月监管对象名录.xlsx", db=db_path)
    r_old = ingest(old, "城关镇2025年3月监管对象名录.xlsx", db=db_path)  # loaded later, older month
    assert r_new.status == r_old.status == "loaded"
    con = db.open_reader(db_path)
    try:
        current = sorted(x for (x,) in con.execute("SELECT entity_name FROM entities").fetchall())
        assert current == ["丁厂", "甲厂"]  # the June list, whatever the load order
        assert con.execute("SELECT count(*) FROM entity_obs").fetchone()[0] == 5
        assert con.execute("SELECT count(DISTINCT upload_id) FROM entity_obs").fetchone()[0] == 2
        kinds = con.execute("SELECT DISTINCT kind FROM uploads").fetchall()
        assert kinds == [("registry",)]
    finally:
        con.close()


def test_inspections_load_into_the_view(db_path) -> None:
    data = insp_with_title_rows()  # built once: openpyxl stamps the creation time into the bytes
    r = ingest(data, "城关镇2025年3月安全检查记录.xlsx", db=db_path)
    assert r.status == "loaded"
    again = ingest(data, "copy.xlsx", db=db_path)
    assert again.status == "duplicate"
    con = db.open_reader(db_path)
    try:
        rows = con.execute(
            "SELECT entity_name, hazards_found, major_hazards_found, penalty_yuan, inspection_method"
            " FROM inspections ORDER BY inspection_date"
        ).fetchall()
    finally:
        con.close()
    assert rows == [
        ("阳光幼儿园", 2, 0, 0.0, "routine"),
        ("红星化工有限公司", 3, 1, 5000.0, "unannounced"),
        ("金辉超市", 0, 0, 0.0, "special"),
    ]


# ---------------------------------------------------------------- 万元 written elsewhere than the label
# Regression tests: these once failed (the ×10000 factor looked only at the matched label).


def test_penalty_unit_in_units_row_below_header() -> None:
    data = xlsx(
        [
            ["检查日期", "乡镇", "被检查单位", "检查人员", "发现隐患数", "罚款金额"],
            [None, None, None, None, "(项)", "(万元)"],
            [d(5, 6), "南山乡", "某矿", "甲", 1, 0.5],
        ]
    )
    a = analyse(data, "检查.xlsx")
    assert (a.rows_read, a.rows_loaded, a.rows_skipped) == (2, 1, 1)
    assert frame(a)["penalty_yuan"].tolist() == [5000.0]


def test_penalty_unit_in_second_header_row() -> None:
    data = xlsx(
        [
            ["检查日期", "乡镇", "被检查单位", "检查人员", "发现隐患数", "罚款"],
            [None, None, None, None, None, "（万元）"],
            [d(5, 6), "南山乡", "某矿", "甲", 1, 0.5],
        ],
        merges=("A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:E2"),
    )
    assert frame(analyse(data, "检查.xlsx"))["penalty_yuan"].tolist() == [5000.0]


def test_penalty_unit_written_in_the_cell() -> None:
    data = xlsx(
        [
            ["检查日期", "乡镇", "被检查单位", "检查人员", "发现隐患数", "罚款金额"],
            [d(5, 6), "南山乡", "某矿", "甲", 1, "0.5万元"],
            [d(5, 7), "南山乡", "某厂", "甲", 1, "3000元"],
        ]
    )
    assert frame(analyse(data, "检查.xlsx"))["penalty_yuan"].tolist() == [5000.0, 3000.0]
