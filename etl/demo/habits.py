"""Each town's ledger layout habit (columns, date spelling, level and status words)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .followthrough import extend_habits
from .simulator import Hazard, Unit
from .vocab import METHOD_WORDS, SECTOR_WORDS, TownCfg
from .writers import Layout


@dataclass
class Listed:
    h: Hazard
    rectified: date | None  # as of the report month end


def _sector_word(t: TownCfg, u: Unit, r: float) -> str:
    if u.sector_word and (r < t.specific or (u.sector == "other" and t.specific >= 0.3)):
        return u.sector_word
    words = SECTOR_WORDS[u.sector]
    return words[(t.habit + (1 if r > 0.9 else 0)) % len(words)]


def _method_word(habit: int, method: str, r: float, unit: Unit | None = None) -> str:
    if method == "self" and unit is not None and unit.sector == "school" and r < 0.7:
        return "学校自查"
    words = METHOD_WORDS[method]
    return words[(habit + (1 if r > 0.88 else 0)) % len(words)]


@dataclass
class LedgerHabit:
    layout: Layout
    date: str
    level: tuple[str, str]
    status: tuple[str, str, str | None]  # rectified, open, open-and-overdue (None = same as open)
    found_date: str | None = None


def _hab(cols, date_kind, level, status, **kw) -> LedgerHabit:
    found = kw.pop("found_date", None)
    return LedgerHabit(Layout(cols=cols, **kw), date_kind, level, status, found)


FOOT_SIGN = [["填表人：", "{signer}", None, "审核人：", "{checker}", None, "联系电话：", "{phone}"]]

HABITS: dict[str, LedgerHabit] = {
    "城关镇": _hab(
        [
            ("seq", "序号", None),
            ("id", "隐患编号", "隐患基本情况"),
            ("sector", "行业领域", "隐患基本情况"),
            ("unit", "单位名称", "隐患基本情况"),
            ("desc", "隐患描述", "隐患基本情况"),
            ("level", "隐患等级", "隐患基本情况"),
            ("found", "发现日期", "隐患基本情况"),
            ("deadline", "整改期限", "整改落实情况"),
            ("status", "整改状态", "整改落实情况"),
            ("rect", "整改完成日期", "整改落实情况"),
            ("dept", "责任部门", "整改落实情况"),
            ("remark", "备注", None),
        ],
        "dt",
        ("一般", "重大"),
        ("已整改", "整改中", None),
        banners=[
            "{town}{y}年{m}月安全生产隐患排查整改台账",
            "填报单位：{town}安办（盖章）　　　　　　填报日期：{fy}年{fm}月{fd}日",
        ],
        total_label="合　计",
        footer=FOOT_SIGN,
    ),
    "河西街道": _hab(
        [
            ("seq", "序号", None),
            ("sector", "所属\n行业", None),
            ("unit", "被检查单位", None),
            ("desc", "存在问题", None),
            ("level", "隐患\u3000级别", None),
            ("found", "排查时间", None),
            ("deadline", "整改\n时限", None),
            ("status", "整改情况", None),
            ("rect", "完成时间", None),
            ("dept", "督办单位", None),
        ],
        "dot",
        ("一般", "重大"),
        ("已完成", "未整改", None),
    ),
    "南山乡": _hab(
        [
            ("seq", "序号", None),
            ("sector", "所属\n行业", None),
            ("unit", "被检查单位", None),
            ("desc", "存在问题", None),
            ("level", "隐患\u3000级别", None),
            ("found", "排查时间", None),
            ("deadline", "整改\n时限", None),
            ("status", "整改情况", None),
            ("rect", "完成时间", None),
            ("dept", "督办单位", None),
        ],
        "serial",
        ("一般", "重大"),
        ("已销号", "未整改", None),
    ),
    "北坪镇": _hab(
        [
            ("seq", "序号", None),
            ("town", "乡镇（街道）", None),
            ("sector", "行业类别", None),
            ("unit", "企业名称", None),
            ("desc", "隐患内容", None),
            ("level", "等级", None),
            ("found", "检查日期", None),
            ("deadline", "整改期限", None),
            ("status", "是否已整改", None),
            ("rect", "整改时间", None),
            ("dept", "监管部门", None),
        ],
        "slash",
        ("一般", "重大"),
        ("是", "否", None),
    ),
    "东关街道": _hab(
        [
            ("seq", "序号", None),
            ("id", "隐患编号：", None),
            ("town", "所属街镇", None),
            ("sector", "行业  领域", None),
            ("unit", "单位  名称", None),
            ("blank", "", None),
            ("desc", "隐患描述：", None),
            ("level", "隐患等级", None),
            ("found", "发现时间", None),
            ("deadline", "整改时限", None),
            ("status", "整改进度", None),
            ("rect", "销号时间", None),
            ("dept", "行业主管部门", None),
        ],
        "iso",
        ("一般隐患", "重大隐患"),
        ("已整改", "整改中", "逾期未整改"),
        banners=[
            "{town}{y}年{m}月安全隐患排查整改台账",
            "填报单位：{town}办事处　　填报日期：{fy}年{fm}月{fd}日",
            "（{y}年{m}月1日-{m}月{last}日）",
        ],
        subrow="numbers",
        footer=[
            ["填表说明：1.隐患等级填一般隐患或重大隐患；2.日期格式为年-月-日。"],
            ["填表人：{signer}　　联系电话：{phone}"],
        ],
    ),
    "桃源镇": _hab(
        [
            ("seq", "序号", None),
            ("id", "隐患编码", None),
            ("unit", "隐患单位", None),
            ("sector", "行业与领域", None),
            ("desc", "隐患内容", None),
            ("level", "隐患类型（一般/重大）", None),
            ("method", "隐患来源", None),
            ("found", "隐患发现日期", None),
            ("deadline", "完成时限", None),
            ("status", "治理状态", None),
            ("rect", "整改完成时间", None),
            ("dept", "主管部门", None),
        ],
        "cn",
        ("一般隐患", "重大隐患"),
        ("已闭环", "正在整改", None),
        banners=["{town}安全隐患清单（{y}年{m}月）"],
        merge_field="unit",
    ),
    "青石镇": _hab(
        [
            ("id", "编号", None),
            ("sector", "行业类型", None),
            ("unit", "检查对象", None),
            ("desc", "隐患名称", None),
            ("level", "隐患级别", None),
            ("found", "排查时间", None),
            ("deadline", "限期", None),
            ("status", "是否整改", None),
            ("rect", "完成日期", None),
            ("dept", "监管责任单位", None),
        ],
        "compact",
        ("一般", "重大"),
        ("√", "×", None),
    ),
    "柳湾乡": _hab(
        [
            ("seq", "序号", None),
            ("sector", "领域", "隐患情况"),
            ("unit", "场所名称", "隐患情况"),
            ("desc", "隐患情况", "隐患情况"),
            ("level", "隐患等级", "隐患情况"),
            ("found", "发现时间", "隐患情况"),
            ("deadline", "要求整改完成日期", "整改情况"),
            ("status", "隐患状态", "整改情况"),
            ("rect", "整改完成日期", "整改情况"),
            ("dept", "整改通知下达部门", None),
        ],
        "iso",
        ("一般事故隐患", "重大事故隐患"),
        ("已整改", "待整改", None),
        found_date="isotime",
        banners=["{y}年{m}月安全生产隐患治理台账", "填报单位：{town}人民政府　　　填报日期：{fy}年{fm}月{fd}日"],
        total_label="合计",
        footer=FOOT_SIGN,
    ),
    "龙泉镇": _hab(
        [
            ("seq", "序号", None),
            ("id", "隐患编号", "隐患信息"),
            ("town", "所在镇", "隐患信息"),
            ("sector", "行业和领域", "隐患信息"),
            ("unit", "单位名称", "隐患信息"),
            ("desc", "隐患描述", "隐患信息"),
            ("level", "等级", "隐患信息"),
            ("found", "发现日期", "隐患信息"),
            ("deadline", "计划完成日期", "治理情况"),
            ("status", "整改状态", "治理情况"),
            ("rect", "完成时间", "治理情况"),
            ("dept", "责任部门", None),
        ],
        "fw",
        ("一般", "重大"),
        ("已验收", "待整改", None),
        banners=["{town}安全生产隐患排查治理台账", "（{y}年{m}月）"],
    ),
    "石桥镇": _hab(
        [
            ("seq", "序号", None),
            ("sector", "行业领域", "隐患基本情况"),
            ("unit", "单位名称", "隐患基本情况"),
            ("desc", "隐患描述", "隐患基本情况"),
            ("level", "隐患等级", "隐患基本情况"),
            ("found", "检查时间", "隐患基本情况"),
            ("deadline", "整改期限", "整改情况"),
            ("status", "整改状态", "整改情况"),
            ("rect", "完成日期", "整改情况"),
            ("dept", "监管部门", None),
        ],
        "dt",
        ("一般事故隐患", "重大事故隐患"),
        ("已整改", "未整改", None),
        banners=["{y}年{m}月安全生产隐患排查整改台账"],
        total_label="总　计",
    ),
    "云岭乡": _hab(
        [
            ("id", "隐患编号", None),
            ("town", "属地", None),
            ("sector", "专业分类", None),
            ("unit", "被查单位", None),
            ("desc", "发现问题", None),
            ("level", "隐患等级", None),
            ("found", "检查时间", None),
            ("deadline", "整改时限", None),
            ("status", "完成情况", None),
            ("rect", "完成时间", None),
            ("dept", "主管部门", None),
        ],
        "iso",
        ("一般", "重大"),
        ("完成", "未完成", "逾期未整改"),
    ),
    "新港镇": _hab(
        [
            ("seq", "序号", None),
            ("id", "记录编号", None),
            ("blank", "", None),
            ("sector", "行业类别", None),
            ("unit", "单位名称", None),
            ("desc", "隐患描述", None),
            ("level", "隐患等级", None),
            ("found", "发现日期", None),
            ("deadline", "整改期限", None),
            ("status", "整改状态", None),
            ("rect", "整改完成日期", None),
            ("dept", "责任部门", None),
        ],
        "serial",
        ("1", "2"),
        ("已销号", "整改中", None),
        banners=["{town}{y}年{m}月", "安全生产隐患排查整改台账", "填报单位：{town}人民政府", "单位：项"],
        formula_seq=True,
        blank_every=25,
        footer=[["填表人：{signer}", None, None, "审核人：{checker}"], ["备注：等级栏 1=一般隐患，2=重大隐患。"]],
    ),
    "白马镇": _hab(
        [
            ("seq", "序号", None),
            ("town", "辖区：", None),
            ("sector", "行业：", None),
            ("unit", "单位名称：", None),
            ("desc", "隐患内容：", None),
            ("level", "等级：", None),
            ("found", "检查日期：", None),
            ("deadline", "整改期限：", None),
            ("status", "整改情况：", None),
            ("rect", "整改时间：", None),
            ("dept", "监管部门：", None),
        ],
        "md",
        ("一般", "重大"),
        ("已整改", "未整改", "逾期"),
        seq_text=True,
    ),
    "梅林乡": _hab(
        [
            ("seq", "序号", None),
            ("id", "隐患排查单号", "隐患排查情况"),
            ("town", "所属地区", "隐患排查情况"),
            ("sector", "所属行业", "隐患排查情况"),
            ("unit", "单位名称", "隐患排查情况"),
            ("desc", "隐患基本情况", "隐患排查情况"),
            ("level", "隐患等级", "隐患排查情况"),
            ("method", "排查方式", "隐患排查情况"),
            ("found", "排查时间", "隐患排查情况"),
            ("deadline", "整改期限", "整改落实情况"),
            ("status", "整改情况", "整改落实情况"),
            ("rect", "整改完成日期", "整改落实情况"),
            ("dept", "责任部门", "整改落实情况"),
        ],
        "dt",
        ("一般隐患", "重大隐患"),
        ("整改完毕", "整改中", None),
        banners=["{town}安全生产隐患排查整改台账", "（{y}年{m}月）"],
        subrow="numbers",
        date_format="yyyy/m/d",
    ),
}

# issue 12: some towns also keep 督办 / 五落实 / 验收 columns (see followthrough.py)
extend_habits(HABITS)
