"""Deterministic demo data for the dashboard: 24 months of a fictional county, 安宁县.

    python -m etl.demo OUT_DIR [--end YYYY-MM] [--seed N]

Writes ``ledgers/`` (隐患排查整改台账), ``inspections/`` (安全检查记录 / 执法检查台账) and
``registry/`` (监管对象名录) under OUT_DIR. Same seed + same end month ⇒ byte-identical files
(openpyxl core properties and zip timestamps are pinned, see ``writers._xlsx_bytes``).

Modules: ``vocab`` (the county's words and rates), ``simulator`` (units, visits, hazards),
``writers`` (cell formatting, xlsx/xls/csv bytes), ``habits`` (each town's ledger layout),
``ledgers`` / ``inspections`` / ``registry`` (the three kinds of file), ``cli`` (generate, main),
``build`` (the demo warehouse), ``followthrough`` (督办 / 五落实 / 验收 columns of some towns and the
built-in follow-through problems), ``nothing`` (the 无隐患 rows of some towns' ledgers).

概要（中文）
============
虚构的安宁县，14 个乡镇（街道），24 个月。每个乡镇始终保持自己的填报习惯：

- 城关镇：两行标题（标题 + 填报单位/日期），两行合并表头（隐患基本情况 / 整改落实情况），序号，
  隐患编号 CG-2025-031，无乡镇列（乡镇取自标题），真实日期，“合　计”行和签字脚注；工作表名“2025年5月”。
- 河西街道 + 南山乡：合报一个工作簿，“汇总”表 + 每个乡镇一张表（乡镇只在表名中），表头含换行和全角空格，
  无隐患编号；河西用“2025.5.3”/“2025年5月21日”文本日期，南山用 Excel 序列号；隐藏“填表说明”表。
- 北坪镇：GB18030 编码 CSV，无编号，是/否，报送月份只在文件名中（北坪镇隐患排查202505.csv）。
- 东关街道：三行标题（标题、填报单位、期间行），列号行“1 2 3 …”，表头带冒号和多余空格，一个空列，
  文本日期 2025-03-05，“逾期未整改”，脚注“填表说明：…”。
- 桃源镇：一行标题，全角括号表头“隐患类型（一般/重大）”，同一单位的多条隐患单位名称纵向合并，
  “2025年3月5日”，隐患来源列（检查方式）。
- 青石镇：无标题，表头在第 1 行，乡镇和月份只在表名“青石镇2025年3月”中，日期 20250305 文本，√/×，
  另有“字典”说明表。
- 柳湾乡：标题不含乡镇、无乡镇列，乡镇取自“填报单位：柳湾乡人民政府”行（文件名中也有）；发现日期“2025-03-05 14:30”；合计行。
- 龙泉镇：全角数字日期“２０２５年３月５日”，两行合并表头，可见“填表说明”表，
  隐藏表“上月备份”（上个月数据的副本，必须跳过）。
- 石桥镇：.xls（xlwt），两行合并表头，乡镇只在文件名中，“总　计”行，无编号。
- 云岭乡：UTF-8 BOM CSV，编号 YL-25-003，完成/未完成/逾期未整改；整改较差的乡镇。
- 新港镇：四行标题（含“单位：项”），序号为公式 =ROW()-5（无缓存值），编号是以文本存储的数字，
  日期为 Excel 序列号，等级 1/2，空行和空列，脚注。
- 白马镇：无标题，表头带全角冒号“单位名称：”，序号以文本存储，日期“3月5日”（跨年的写全），责任部门常空；
  整改较差，偶尔漏报月份。
- 梅林乡：三行表头（分组行、表头行、列号行），编号“梅隐〔2025〕012号”，排查方式列，偶尔漏报月份。

每月台账 = 本月新发现的隐患 + 此前仍未整改的隐患（本月整改的再列一次“已整改”及日期，然后不再列出）。
漏报的月份：下个月补列漏报期间发现的隐患。检查记录：县级各部门月度汇总工作簿（每部门一张表，
“乡镇检查”“督查”表，汇总表带单位行“(次)(项)(项)(元)”，罚款单位元），县应急管理局单独的执法
检查台账（罚款（万元），两行合并表头）。名录两版：一年前（每乡镇一张表，红/橙/黄/蓝）和最新
（一张表带乡镇列，重大风险/较大风险/一般风险/低风险），期间有单位新增和注销。

内置的监管漏洞：约 7% 的名录单位从不被安排检查（加上检查频次低的，约 15–20% 在 24 个月内未被检查）；白马镇、梅林乡偶尔漏报月度台账；
约 4% 的名录单位和部分隐患未写监管部门（乡镇检查表中部分行无部门）；三个“宽松软虚”检查组
几乎从不发现隐患（县住建局“周建平、吴海涛”，县文旅局“郑春华、冯志勇”，白马镇安监站“陈光明、何晓东”）；
部分乡镇安监站的日常检查实为村（社区）巡查（桃花村村委会、城关镇桃花村、桃花村网格员、XX社区居委会），发现隐患更少（层层递减到村）；
重大隐患多由督查和四不两直发现；云岭乡、白马镇有较多逾期未整改隐患；少量检查对象不在名录中（农村自建房等）。

无隐患行：白马镇、云岭乡、柳湾乡、石桥镇的台账还列出当月检查未发现隐患的单位（隐患描述“无隐患”“未发现隐患”
“经检查无隐患”，写单位、行业和检查日期，等级、期限、状态空着或填“/”），以白马镇（安监站检查宽松软虚）最多。
其中一部分是乡镇安监站未报进县检查记录的巡查，一部分与县检查记录“乡镇检查”表中同一单位同一天的检查相同
（入库时只算一次）。导入时计为台账来源的检查（未发现隐患），不计为隐患，也不拒绝。

Summary (English)
=================
Fourteen towns, each with one fixed layout habit (above); together they cover every layout
variation of docs/DATA_CONTRACT.md §1.1: 0–4 banner rows, merged two/three-row headers, a units row and a
column-number row, header synonyms with line breaks / full-width spaces / brackets / colons,
序号, blank rows and a blank column, 合计/合　计/总　计 rows and footers, town in a column / sheet
name / title / 填报单位 line / file name only, report month in title / sheet name / file name only,
all date spellings of §1.1, 是/否 and √/× status, merged-down unit cells, a formula column, hidden
and instruction sheets, numbers stored as text, one GB18030 CSV, one UTF-8-BOM CSV, one .xls.

Hazards come from inspection visits (the same unit, the same day), so ledgers and inspection
logs agree. Majors are ~7 % of distinct hazards and are found disproportionately by 督查 and
四不两直. Seasonality: gas and fire peak Nov–Feb, construction Mar–Oct, schools at term starts
(Feb/Mar, Sep), water and tourism in the summer holidays.

Gaps built in: ~7 % of registry units are never scheduled for inspection (with rarely
visited ones, ~15–20 % are uninspected in the window); 白马镇 skips three monthly reports and
梅林乡 two (the next report catches up); some registry units, hazards and town-level inspection
rows name no department; three lax inspector teams (named above) almost never find anything;
云岭乡 and 白马镇 leave many hazards open past their deadline; a few inspected units are not in
the registry.

无隐患 rows (``nothing``): 白马镇, 云岭乡, 柳湾乡 and 石桥镇 also list units inspected in the month with
nothing found (无隐患 / 未发现隐患 / 经检查无隐患, with the unit, sector and inspection date, and no
level, deadline or status — blank or "/"), 白马镇 (a lax town station) most. Some are the town
station's patrols that never reached the county's inspection log, some the same unit on the same
day as a visit in the log's 乡镇检查 sheet (counted once). They load as visits from the ledger, never
as hazards or rejected rows.

Deliberately bad rows (for the load report), exact positions relative to the 24-month window
(m = month index 0..23):
- 白马镇 ledger, m=5 (or the next reported month): one extra row whose found date is '待定' (reject: date).
- 东关街道 ledger, m=9: one extra row with blank unit AND blank description (reject).
- 龙泉镇 ledger, m=14: one extra row with sector '建筑施功' (a typo, loads as 'other', raw kept).
- 梅林乡 ledger, m=17 (or the next reported month): one extra row with level '较大' (loads as general + warning).
- 北坪镇 CSV, m=20: one extra row with found date 'Y/2/30' (impossible date, reject).
- 县应急管理局 inspection file, m=7: one row with 查出隐患数 '若干' (not a number).
- county inspection workbook, m=12, sheet 乡镇检查: one row with a blank 检查日期 (reject).
"""

from .cli import default_end_month, generate, main
from .simulator import World, credit_code, simulate
from .vocab import COUNTY, N_MONTHS, SECTORS, TOWNS

__all__ = [
    "COUNTY",
    "N_MONTHS",
    "SECTORS",
    "TOWNS",
    "World",
    "credit_code",
    "default_end_month",
    "generate",
    "main",
    "simulate",
]
