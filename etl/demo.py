"""Deterministic demo data for the dashboard: 24 months of a fictional county, 安宁县.

    python -m etl.demo OUT_DIR [--end YYYY-MM] [--seed N]

Writes ``ledgers/`` (隐患排查整改台账), ``inspections/`` (安全检查记录 / 执法检查台账) and
``registry/`` (监管对象名录) under OUT_DIR. Same seed + same end month ⇒ byte-identical files
(openpyxl core properties and zip timestamps are pinned, see ``_xlsx_bytes``).

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
重大隐患多由督查和四不两直发现；云岭乡、白马镇有较多逾期未整改隐患；少量检查对象不在名录中（农村自建房等）。

Summary (English)
=================
Fourteen towns, each with one fixed layout habit (above); together they cover every layout
variation of DATA_CONTRACT §1.1: 0–4 banner rows, merged two/three-row headers, a units row and a
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

from __future__ import annotations

import argparse
import csv
import io
import math
import random
import re
import sys
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import xlwt
from openpyxl.utils import get_column_letter

COUNTY = "安宁县"
N_MONTHS = 24
SECTORS = (
    "school",
    "fire",
    "traffic",
    "construction",
    "hazchem",
    "gas",
    "industry_trade",
    "special_equipment",
    "mining",
    "water",
    "tourism",
    "other",
)

# ---------------------------------------------------------------- vocabularies

# Generic sector words (a town picks one as its habit) and unit-specific words.
SECTOR_WORDS: dict[str, list[str]] = {
    "school": ["学校", "教育", "校园", "学校（幼儿园）", "中小学", "教育系统"],
    "fire": ["消防", "消防安全", "火灾", "人员密集场所"],
    "traffic": ["道路交通", "交通", "道路运输", "交通运输", "道路交通安全", "公路"],
    "construction": ["建筑施工", "建筑", "施工", "住建", "房屋市政工程", "建设工程", "在建工程"],
    "hazchem": ["危险化学品", "危化品", "危险化学品企业", "化工"],
    "gas": ["城镇燃气", "燃气"],
    "industry_trade": ["工贸", "工矿商贸"],
    "special_equipment": ["特种设备"],
    "mining": ["矿山", "非煤矿山"],
    "water": ["水上交通", "水上运输", "水上交通和渔业船舶"],
    "tourism": ["文化旅游", "旅游", "文旅", "文化和旅游"],
    "other": ["其他"],
}

# (name template, unit-specific sector word or None). {s} town short name, {v} village, {x} trade name.
UNIT_TEMPLATES: dict[str, list[tuple[str, str | None]]] = {
    "school": [
        ("{s}中心小学", None),
        ("{s}初级中学", None),
        ("{s}中心幼儿园", "幼儿园"),
        ("{v}村小学", None),
        ("{s}{x}幼儿园", "幼儿园"),
        ("{x}艺术培训学校", "校外培训机构"),
        ("{x}教育培训中心", "校外培训机构"),
        ("{s}第二小学", None),
        ("{s}职业中学", None),
        ("{x}幼儿园", "幼儿园"),
    ],
    "fire": [
        ("{s}{x}商贸城", "商场市场"),
        ("{x}超市", "商场市场"),
        ("{s}{x}宾馆", None),
        ("{x}KTV", None),
        ("{x}网吧", None),
        ("{s}农贸市场", "商场市场"),
        ("{x}大酒店", None),
        ("{x}购物广场", "商场市场"),
        ("{x}足浴店", None),
        ("{x}大厦", "高层建筑"),
    ],
    "traffic": [
        ("{s}客运站", None),
        ("{x}运输有限公司", "道路运输"),
        ("{x}驾驶员培训学校", None),
        ("{s}公交站场", None),
        ("{x}物流运输公司", "道路运输"),
        ("{x}客运有限公司", "道路运输"),
    ],
    "construction": [
        ("{s}{x}安置房项目工地", "在建工程"),
        ("{x}小区二期项目", "房屋市政工程"),
        ("{s}{x}路改造工程", "房屋市政工程"),
        ("{x}花园项目", "在建工程"),
        ("{x}商住楼项目", "在建工程"),
        ("{v}村农房建设点", "自建房"),
        ("{x}广场建设项目", "建设工程"),
    ],
    "hazchem": [
        ("{s}加油站", "加油站"),
        ("中石化{x}加油站", "加油站"),
        ("中石油{x}加油站", "加油站"),
        ("{x}化工有限公司", "化工"),
        ("{s}{x}烟花爆竹经营部", "烟花爆竹"),
        ("{x}化工材料有限公司", "化工"),
        ("{x}气体有限公司", None),
    ],
    "gas": [
        ("{s}燃气站", None),
        ("{x}液化气供应站", "液化石油气"),
        ("{x}饭店", "餐饮燃气"),
        ("{x}餐馆", "餐饮燃气"),
        ("{s}{x}火锅店", "餐饮燃气"),
        ("{x}酒楼", "餐饮燃气"),
        ("{x}瓶装气配送点", "瓶装燃气"),
        ("{x}小吃店", "餐饮燃气"),
    ],
    "industry_trade": [
        ("{x}木业有限公司", "粉尘涉爆"),
        ("{x}机械制造有限公司", "机械"),
        ("{x}纺织有限公司", "纺织"),
        ("{x}建材有限公司", "建材"),
        ("{x}食品有限公司", "轻工"),
        ("{x}家具厂", "轻工"),
        ("{x}铸造厂", "冶金"),
        ("{x}铝业有限公司", "有色"),
        ("{x}粮油加工厂", "有限空间"),
        ("{x}冷库", "有限空间"),
        ("{x}塑料制品厂", "轻工"),
    ],
    "special_equipment": [
        ("{x}小区电梯", "电梯"),
        ("{s}{x}锅炉房", "锅炉"),
        ("{x}起重设备租赁公司", "起重机械"),
        ("{x}压力容器有限公司", "压力容器"),
        ("{s}医院电梯", "电梯"),
        ("{x}大厦电梯", "电梯"),
    ],
    "mining": [
        ("{x}石料厂", "非煤矿山"),
        ("{v}采石场", "非煤矿山"),
        ("{x}砂石有限公司", "非煤矿山"),
        ("{x}矿业有限公司", None),
        ("{v}尾矿库", "尾矿库"),
        ("{x}煤矿", "煤矿"),
    ],
    "water": [
        ("{s}渡口", None),
        ("{v}渡口", None),
        ("安渔{n}号", "渔船"),
        ("{s}码头", None),
        ("{x}航运有限公司", "水上运输"),
        ("安渔{n}号", "渔业船舶"),
    ],
    "tourism": [
        ("{x}景区", "景区"),
        ("{v}农家乐", None),
        ("{x}民宿", None),
        ("{x}漂流", "景区"),
        ("{s}{x}山庄", None),
        ("{x}生态园", "景区"),
    ],
    "other": [
        ("{s}敬老院", "养老机构"),
        ("{x}养老院", "养老机构"),
        ("{x}物流园", "物流仓储"),
        ("{x}仓储中心", "物流仓储"),
        ("{v}村卫生室", "医疗卫生"),
        ("{x}废品回收站", "再生资源回收"),
    ],
}

# Units that are inspected but are not in any registry version (ad-hoc objects).
UNREGISTERED_TEMPLATES = [
    ("{v}村村民自建房", "construction", "自建房"),
    ("{v}村流动摊点", "gas", "餐饮燃气"),
    ("{v}村临时堆场", "other", "其他"),
]

TRADE_NAMES = (
    "兴旺 鑫源 永兴 宏达 恒通 顺发 金鹏 华盛 富民 长青 瑞丰 新华 天宇 益民 隆昌 福源 正大 德胜 泰和 广源 "
    "金泰 鸿运 安康 福瑞 盛达 汇丰 通达 信诚 宝鼎 天成 嘉禾 万家 百盛 龙腾 华兴 昌盛 丰源 利民 群力 "
    "东升 旭日 金桥 银河 祥和 聚福 佳美 和谐 平安 康乐 惠民 锦绣 翠竹 青松 梅园 兰亭 荷塘 枫林 松涛 "
    "星光 明珠 凯旋 朝阳 春晖 晨光 阳光 蓝天 绿野 金秋 瑞祥 吉祥 如意 福满 万福 永盛 恒泰 宏远 长城 "
    "黄河 长江 华夏 中兴 振兴 新世纪 金色 银杏 紫荆 玉兰 海棠 桂花 石榴 红星 红旗 红日 前进 胜利 "
    "光明 育才 启明 博雅 智慧树 小太阳 春苗 金童 童乐 乐家 好又多 美佳 欧亚 华联 友谊 百货 鼎盛 "
    "鑫隆 德源 润丰 富源 汇通 腾达 远航 天诚 众诚 诚信 新源 金鑫 恒丰 宏福 安泰 兴隆 盛世 东方"
).split()

VILLAGES = (
    "张家 李家 王庄 柳树 杨柳 石门 大坪 新村 双河 马鞍 白沙 桥头 上坝 下湾 高峰 红岩 "
    "青龙 金竹 竹林 凉水 黄泥 三合 五星 联合 太平 永安 长岭 龙潭 梨园 桃花 杏林 松林"
).split()

DESCRIPTIONS: dict[str, tuple[list[str], list[str]]] = {
    "school": (
        [
            "教学楼安全出口指示灯损坏",
            "校车安全带损坏",
            "消防栓水压不足",
            "食堂燃气灶具未安装熄火保护装置",
            "宿舍楼疏散通道堆放杂物",
            "体育器材老化松动",
            "围墙局部开裂",
            "监控摄像头损坏",
            "灭火器过期未更换",
            "实验室化学试剂未分类存放",
            "应急照明灯不亮",
            "门卫室未配备防护器械",
        ],
        ["校舍主体结构出现裂缝未停用", "校车无营运资质接送学生", "学生宿舍设置在地下室"],
    ),
    "fire": (
        [
            "消防通道堵塞",
            "消防通道被货物占用",
            "灭火器压力不足",
            "安全出口上锁",
            "疏散指示标志损坏",
            "消防控制室无人值班",
            "电线私拉乱接",
            "电动车在楼道内充电",
            "消防栓被遮挡",
            "防火门常开",
            "自动喷淋系统故障",
            "员工不会使用灭火器",
        ],
        ["人员密集场所安全出口数量不足", "营业期间疏散通道被封闭", "住宿与经营储存场所未分隔（三合一）"],
    ),
    "traffic": (
        [
            "客车安全锤缺失",
            "候车厅安检设备故障",
            "车辆未按期年检",
            "驾驶员未参加安全教育",
            "车辆动态监控终端离线",
            "临水临崖路段护栏缺失",
            "站场出站口未设专人检查",
            "货车超载运输",
            "客车灭火器过期",
            "车辆轮胎磨损严重",
            "交通标志标线不清",
            "急弯路段未设警示标志",
        ],
        ["客运车辆超员运输", "临崖路段防护设施缺失且未设警示", "驾驶员无从业资格证驾驶营运车辆"],
    ),
    "construction": (
        [
            "脚手架未设置防护网",
            "塔吊限位器失效",
            "施工人员未佩戴安全帽",
            "临边洞口未设防护栏杆",
            "临时用电未做到一机一闸一漏",
            "基坑边堆载过近",
            "模板支撑体系不规范",
            "施工升降机未按期检测",
            "安全通道未搭设防护棚",
            "特种作业人员无证上岗",
            "外架连墙件缺失",
            "施工现场消防器材不足",
        ],
        ["深基坑未按专项方案施工", "高大模板支撑体系未经专家论证", "塔吊基础积水且未验收即使用"],
    ),
    "hazchem": (
        [
            "卸油口未接静电接地",
            "储罐区防火堤破损",
            "可燃气体报警器未定期校验",
            "危化品仓库通风设施故障",
            "加油机防爆接线盒松动",
            "安全警示标志缺失",
            "作业人员未持证上岗",
            "应急预案未演练",
            "消防沙池沙量不足",
            "油气回收装置故障",
            "罐区巡检记录缺失",
            "静电释放装置损坏",
        ],
        ["危险化学品储存超过设计储量", "重大危险源未设置自动化控制系统", "在禁止区域违规储存烟花爆竹"],
    ),
    "gas": (
        [
            "燃气泄漏报警装置未安装",
            "燃气软管老化",
            "液化气钢瓶与灶具距离过近",
            "钢瓶未直立放置",
            "使用过期钢瓶",
            "燃气管道穿越卧室",
            "燃气表具锈蚀",
            "燃气软管超长",
            "钢瓶存放间通风不良",
            "灶具未安装熄火保护装置",
            "员工未进行燃气安全培训",
            "燃气阀门锈蚀关闭不严",
        ],
        ["餐饮场所在地下室使用液化石油气", "燃气管道被违章建筑占压", "液化气站充装非自有钢瓶"],
    ),
    "industry_trade": (
        [
            "除尘器未设泄爆口",
            "有限空间作业未审批",
            "设备传动部位防护罩缺失",
            "配电箱未上锁",
            "车间安全通道堆放物料",
            "粉尘清扫不及时",
            "冲压设备双手按钮失效",
            "员工未佩戴防护用品",
            "叉车司机无证驾驶",
            "安全培训记录缺失",
            "应急照明损坏",
            "木工机械防护装置缺失",
        ],
        ["粉尘涉爆车间设置在非框架结构建筑内", "有限空间作业未检测未通风即进入", "冷库使用氨制冷且未设泄漏报警"],
    ),
    "special_equipment": (
        [
            "电梯超期未检验",
            "电梯困人应急装置失效",
            "锅炉安全阀未校验",
            "压力容器超期未检",
            "起重机械限位失效",
            "电梯维保记录缺失",
            "锅炉水位表损坏",
            "叉车未办理使用登记",
            "气瓶无检验标识",
            "电梯轿厢照明损坏",
            "钢丝绳断丝超标",
            "特种设备作业人员无证",
        ],
        ["电梯制动器失效仍在使用", "锅炉超压运行", "使用国家明令淘汰的起重机械"],
    ),
    "mining": (
        [
            "边坡超高超陡",
            "爆破器材库值守不到位",
            "作业平台未设挡车墙",
            "矿区道路未设警示标志",
            "安全帽破损",
            "排土场未设截排水沟",
            "应急救援器材不足",
            "从业人员未培训",
            "破碎机皮带防护缺失",
            "粉尘监测缺失",
            "排洪设施淤堵",
            "采场浮石未清理",
        ],
        ["未按设计分台阶开采形成高陡边坡", "尾矿库坝体出现裂缝", "超层越界开采"],
    ),
    "water": (
        [
            "救生衣配备不足",
            "渔船未配备救生筏",
            "渔船AIS设备未开启",
            "码头缺少安全警示标志",
            "渡口未设置安全告示牌",
            "船舶消防设备过期",
            "船员无证上岗",
            "船舶未按期检验",
            "码头护栏破损",
            "渡口无值守人员",
            "船舶通讯设备故障",
            "救生圈数量不足",
        ],
        ["渡船超员运输", "渔船未经检验擅自出海", "非法改装船舶载客"],
    ),
    "tourism": (
        [
            "游步道护栏松动",
            "玻璃栈道未定期检测",
            "漂流艇救生衣不足",
            "游乐设施未年检",
            "消防器材过期",
            "厨房燃气软管老化",
            "疏散通道堵塞",
            "应急预案未演练",
            "危险区域未设警示标志",
            "索道维护记录缺失",
            "停车场无交通引导",
            "游客高峰期未限流",
        ],
        ["游客超过最大承载量未采取限流措施", "漂流河段未设置安全救护点", "玻璃栈道结构损伤仍对外开放"],
    ),
    "other": (
        [
            "消防设施不足",
            "房间内使用电热毯",
            "物品堆放过高",
            "车辆乱停占用通道",
            "氧气瓶存放不规范",
            "厨房排油烟管道未清洗",
            "电线老化",
            "屋顶漏水",
            "应急通道不畅",
            "消防栓无水",
            "夜间值班人员不足",
            "安全管理制度不健全",
        ],
        ["使用彩钢板房作为住宿场所", "违规储存易燃物品且人员住宿"],
    ),
}

SECTOR_DEPTS: dict[str, list[tuple[str, float]]] = {
    "school": [("县教育局", 1.0)],
    "fire": [("县消防救援大队", 1.0)],
    "traffic": [("县公安局交警大队", 0.6), ("县交通运输局", 0.4)],
    "construction": [("县住建局", 1.0)],
    "hazchem": [("县应急管理局", 1.0)],
    "gas": [("县住建局", 0.8), ("县市场监管局", 0.2)],
    "industry_trade": [("县应急管理局", 0.8), ("县工业和信息化局", 0.2)],
    "special_equipment": [("县市场监管局", 1.0)],
    "mining": [("县应急管理局", 0.7), ("县自然资源局", 0.3)],
    "water": [("县交通运输局", 0.5), ("县农业农村局", 0.5)],
    "tourism": [("县文旅局", 1.0)],
    "other": [("县民政局", 0.5), ("县商务局", 0.3), ("县卫生健康局", 0.2)],
}
OTHER_DEPTS = {"养老机构": "县民政局", "物流仓储": "县商务局", "再生资源回收": "县商务局", "医疗卫生": "县卫生健康局"}
# Descriptions that only fit some unit kinds: keyword in the description → the words a unit needs.
DESC_FIT = [
    (("电梯",), ("电梯",)),
    (("锅炉",), ("锅炉",)),
    (("起重", "钢丝绳"), ("起重",)),
    (("压力容器", "气瓶"), ("压力容器", "气体")),
    (("渔船",), ("安渔",)),
    (("渡口", "渡船", "码头"), ("渡口", "码头")),
    (("尾矿库", "排洪"), ("尾矿库",)),
    (("校车",), ("小学", "中学", "幼儿园")),
    (("索道", "玻璃栈道", "漂流"), ("景区", "漂流")),
    (("塔吊", "深基坑", "高大模板", "施工升降机"), ("项目", "工程")),
    (("卸油", "加油机", "油气回收"), ("加油站",)),
    (("烟花爆竹",), ("烟花爆竹",)),
    (("客车", "客运", "候车厅", "站场"), ("客运", "站场")),
]


def _desc_fits(unit_name: str, desc: str) -> bool:
    for keys, needs in DESC_FIT:
        if any(k in desc for k in keys):
            return any(n in unit_name for n in needs)
    return True


DEPARTMENTS = [
    "县教育局",
    "县消防救援大队",
    "县公安局交警大队",
    "县交通运输局",
    "县住建局",
    "县应急管理局",
    "县市场监管局",
    "县工业和信息化局",
    "县自然资源局",
    "县农业农村局",
    "县文旅局",
    "县民政局",
    "县商务局",
    "县卫生健康局",
]

METHOD_WORDS: dict[str, list[str]] = {
    "unannounced": ["四不两直", "暗查暗访", "明查暗访", "暗访"],
    "routine": ["日常检查", "执法检查", "行政检查", "明查", "例行检查"],
    "special": ["专项检查", "专项整治", "专项排查", "安全生产大检查"],
    "spot": ["抽查", "部门抽查", "双随机", "随机抽查"],
    "joint": ["联合检查", "联合执法", "多部门联合检查"],
    "self": ["企业自查", "自查", "单位自查"],
    "mutual": ["互查", "交叉检查"],
    "supervision": ["督查", "督导检查", "上级督查", "考核巡查"],
    "report": ["举报", "群众举报", "投诉举报", "随手拍"],
}


# Seasonal factor per sector and calendar month (1..12).
def _season(sector: str, month: int) -> float:
    if sector in ("gas", "fire"):
        return 1.7 if month in (11, 12, 1, 2) else (1.1 if month in (3, 10) else 0.75)
    if sector == "construction":
        return 1.35 if 3 <= month <= 10 else 0.45
    if sector == "school":
        return 1.9 if month in (2, 3, 9) else (0.35 if month in (7, 8) else 1.0)
    if sector == "water":
        return 1.9 if month in (6, 7, 8) else (1.2 if month in (5, 9) else 0.55)
    if sector == "tourism":
        return 1.9 if month in (7, 8) else (1.4 if month in (5, 10) else (1.1 if month in (1, 2) else 0.75))
    if sector == "hazchem":
        return 1.4 if month in (1, 2, 12) else 1.0
    return 1.0


METHOD_LAMBDA = {
    "routine": 1.0,
    "special": 1.3,
    "spot": 0.9,
    "joint": 1.4,
    "unannounced": 1.7,
    "self": 0.55,
    "mutual": 0.9,
    "supervision": 1.9,
    "report": 1.2,
}
METHOD_MAJOR = {
    "routine": 1.0,
    "special": 1.2,
    "spot": 1.0,
    "joint": 1.4,
    "unannounced": 2.8,
    "self": 0.2,
    "mutual": 0.8,
    "supervision": 3.8,
    "report": 1.6,
}
SECTOR_LAMBDA = {
    "school": 0.7,
    "fire": 1.0,
    "traffic": 0.75,
    "construction": 1.3,
    "hazchem": 0.9,
    "gas": 1.0,
    "industry_trade": 1.0,
    "special_equipment": 0.8,
    "mining": 1.2,
    "water": 0.9,
    "tourism": 0.8,
    "other": 0.7,
}
RISK_FACTOR = {"red": (1.5, 2.0), "orange": (1.2, 1.3), "yellow": (1.0, 1.0), "blue": (0.8, 0.6)}
BASE_SECTOR_WEIGHT = {
    "school": 0.07,
    "fire": 0.2,
    "traffic": 0.06,
    "construction": 0.08,
    "hazchem": 0.05,
    "gas": 0.12,
    "industry_trade": 0.18,
    "special_equipment": 0.08,
    "mining": 0.012,
    "water": 0.012,
    "tourism": 0.03,
    "other": 0.05,
}
# quality → (on time, late, never) shares
RECTIFY = {"good": (0.86, 0.11, 0.03), "fair": (0.76, 0.17, 0.07), "weak": (0.52, 0.24, 0.24)}

LAX_TEAMS = {"县住建局": "周建平、吴海涛", "县文旅局": "郑春华、冯志勇", "白马镇安监站": "陈光明、何晓东"}
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
    "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
)
GIVEN = (
    "伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 鑫 波 宁 亮 敏 静 丽 艳 娟 霞 燕 玲 芳 红 "
    "建国 建军 志强 志刚 海涛 文斌 国庆 晓东 光明 春华 志勇 建华 小红 丽萍 晓燕 海燕 秀英 桂兰 "
    "德明 永强 俊杰 子豪 宇航 思远 浩然 一鸣 天佑 嘉怡 雨涵 欣怡 梓涵 诗琪 晓明 立新 卫东 红军"
).split()


# ---------------------------------------------------------------- town habits


@dataclass
class TownCfg:
    name: str
    short: str
    size: int
    quality: str
    boosts: dict[str, float]
    habit: int  # index into generic sector/method word lists
    specific: float  # share of rows using the unit-specific sector word
    id_fmt: str | None  # hazard id pattern, None = town writes no ids
    skips: int = 0  # monthly reports skipped in the window


TOWNS: list[TownCfg] = [
    TownCfg(
        "城关镇", "城关", 220, "good", {"construction": 0.14, "fire": 0.24, "school": 0.1}, 0, 0.05, "CG-{y}-{n:03d}"
    ),
    TownCfg("河西街道", "河西", 170, "good", {"construction": 0.14, "water": 0.03}, 1, 0.3, None),
    TownCfg("南山乡", "南山", 100, "fair", {"mining": 0.09, "tourism": 0.05}, 2, 0.3, None),
    TownCfg("北坪镇", "北坪", 150, "good", {"industry_trade": 0.3, "hazchem": 0.07}, 3, 0.7, None),
    TownCfg("东关街道", "东关", 180, "good", {"construction": 0.15, "fire": 0.24}, 4, 0.1, "DG-{y}{m:02d}-{n:03d}"),
    TownCfg("桃源镇", "桃源", 140, "good", {"tourism": 0.16}, 5, 0.6, "TY{y}-{n:03d}"),
    TownCfg("青石镇", "青石", 110, "fair", {"mining": 0.14}, 6, 0.2, "QS{n:04d}"),
    TownCfg("柳湾乡", "柳湾", 110, "fair", {"water": 0.13}, 7, 0.5, None),
    TownCfg("龙泉镇", "龙泉", 140, "good", {"special_equipment": 0.1, "tourism": 0.06}, 8, 0.4, "LQ{y}-{n:03d}"),
    TownCfg("石桥镇", "石桥", 160, "good", {"industry_trade": 0.3}, 9, 0.8, None),
    TownCfg("云岭乡", "云岭", 100, "weak", {"mining": 0.1, "tourism": 0.12}, 10, 0.3, "YL-{yy}-{n:03d}"),
    TownCfg("新港镇", "新港", 150, "fair", {"water": 0.12, "hazchem": 0.1}, 11, 0.3, "{y}{m:02d}{n:03d}"),
    TownCfg("白马镇", "白马", 110, "weak", {}, 12, 0.1, None, skips=3),
    TownCfg("梅林乡", "梅林", 120, "fair", {"gas": 0.14}, 13, 0.2, "梅隐〔{y}〕{n:03d}号", skips=2),
]


# ---------------------------------------------------------------- model


@dataclass(eq=False)
class Unit:
    name: str
    town: str
    sector: str
    sector_word: str | None
    department: str
    credit_code: str
    risk: str
    active_from: int = 0  # month index
    active_to: int = N_MONTHS - 1  # month index, inclusive
    registered: bool = True
    weight: float = 1.0


@dataclass(eq=False)
class Visit:
    day: date
    town: str
    unit: Unit
    method: str
    level: str  # county | town | self | supervision
    department: str
    team: str
    hazards: list[Hazard] = field(default_factory=list)
    penalty: int = 0
    r: float = 0.0


@dataclass(eq=False)
class Hazard:
    town: str
    unit: Unit
    description: str
    major: bool
    found: date
    deadline: date
    rectified: date | None
    department: str
    method: str
    hid: str | None = None
    minute: int = 0  # time of day, for towns that write '2025-03-05 14:30'
    r: float = 0.0  # stable per-hazard random for cosmetic choices


@dataclass
class World:
    months: list[date]
    towns: list[TownCfg]
    units: dict[str, list[Unit]]
    unregistered: dict[str, list[Unit]]
    visits: list[Visit]
    hazards: list[Hazard]
    skipped: dict[str, set[int]]


def _add_months(d: date, n: int) -> date:
    k = d.year * 12 + d.month - 1 + n
    return date(k // 12, k % 12 + 1, 1)


def _month_end(m: date) -> date:
    return _add_months(m, 1) - timedelta(days=1)


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _pick_weighted(rng: random.Random, pairs: list[tuple[Any, float]]) -> Any:
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for item, w in pairs:
        x -= w
        if x < 0:
            return item
    return pairs[-1][0]


_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_W = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code(rng: random.Random, prefix: str) -> str:
    """A well-formed 统一社会信用代码 (GB 32100) with a fictional area code."""
    body = "".join(str(rng.randint(0, 9)) for _ in range(8))
    s = sum(int(c) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    c9 = 11 - s % 11
    org = body + ("X" if c9 == 10 else "0" if c9 == 11 else str(c9))
    head = prefix + "519821" + org
    total = sum(_USCC.index(c) * w for c, w in zip(head, _USCC_W, strict=True))
    return head + _USCC[(31 - total % 31) % 31]


def _build_units(rng: random.Random, towns: list[TownCfg]) -> tuple[dict[str, list[Unit]], dict[str, list[Unit]]]:
    used: set[str] = set()
    units: dict[str, list[Unit]] = {}
    unregistered: dict[str, list[Unit]] = {}
    boat = 100
    for t in towns:
        villages = rng.sample(VILLAGES, 6)
        weights = dict(BASE_SECTOR_WEIGHT)
        weights.update(t.boosts)
        total = sum(weights.values())
        counts = {s: max(1, round(t.size * w / total)) for s, w in weights.items()}
        lst: list[Unit] = []
        for sector in SECTORS:
            for _ in range(counts[sector]):
                for _attempt in range(60):
                    tpl, word = rng.choice(UNIT_TEMPLATES[sector])
                    boat += 1 if "{n}" in tpl else 0
                    name = tpl.format(s=t.short, v=rng.choice(villages), x=rng.choice(TRADE_NAMES), n=f"{boat:04d}")
                    if name not in used:
                        break
                else:
                    continue
                used.add(name)
                dept = OTHER_DEPTS.get(word or "") or _pick_weighted(rng, SECTOR_DEPTS[sector])
                if rng.random() < 0.04:
                    dept = ""
                if sector in ("hazchem", "mining"):
                    risk = _pick_weighted(rng, [("red", 0.2), ("orange", 0.35), ("yellow", 0.3), ("blue", 0.15)])
                elif sector in ("gas", "construction", "fire"):
                    risk = _pick_weighted(rng, [("red", 0.06), ("orange", 0.24), ("yellow", 0.4), ("blue", 0.3)])
                else:
                    risk = _pick_weighted(rng, [("red", 0.02), ("orange", 0.13), ("yellow", 0.4), ("blue", 0.45)])
                if sector == "school" or name.endswith("卫生室") or name.endswith("敬老院"):
                    prefix = "12"
                elif rng.random() < 0.1:
                    prefix = "92"
                else:
                    prefix = "91"
                code = "" if rng.random() < 0.05 else credit_code(rng, prefix)
                u = Unit(name, t.name, sector, word, dept, code, risk)
                x = rng.random()
                if x < 0.06:
                    u.active_from = rng.randint(12, N_MONTHS - 2)  # opened after the old registry
                elif x < 0.10:
                    u.active_to = rng.randint(11, N_MONTHS - 3)  # closed; in the old registry only
                elif x < 0.12:
                    u.active_to = rng.randint(1, 10)  # closed before the old registry
                y = rng.random()
                u.weight = 0.0 if y < 0.07 else rng.lognormvariate(0, 0.55 if t.quality != "weak" else 0.9)
                lst.append(u)
        units[t.name] = lst
        extra = []
        for tpl, sector, word in UNREGISTERED_TEMPLATES:
            name = tpl.format(v=rng.choice(villages))
            if name in used:
                continue
            used.add(name)
            extra.append(Unit(name, t.name, sector, word, "", "", "yellow", registered=False, weight=0.3))
        unregistered[t.name] = extra
    return units, unregistered


def _teams(rng: random.Random, owner: str, n: int) -> list[tuple[str, float]]:
    out = []
    for _ in range(n):
        names = []
        while len(names) < 2:
            nm = rng.choice(SURNAMES) + rng.choice(GIVEN)
            if nm not in names:
                names.append(nm)
        out.append(("、".join(names), rng.uniform(0.7, 1.3)))
    if owner in LAX_TEAMS:
        out.append((LAX_TEAMS[owner], 0.03))
    return out


def _work_day(rng: random.Random, m: date) -> date:
    d = date(m.year, m.month, rng.randint(1, _month_end(m).day))
    if d.weekday() >= 5 and rng.random() < 0.85:
        fri = d - timedelta(days=d.weekday() - 4)
        d = fri if fri.month == m.month else d + timedelta(days=7 - d.weekday())
    return d


def simulate(seed: int, end_month: date) -> World:
    rng = random.Random(seed)
    end_month = end_month.replace(day=1)
    months = [_add_months(end_month, i - N_MONTHS + 1) for i in range(N_MONTHS)]
    towns = TOWNS
    units, unregistered = _build_units(rng, towns)
    teams: dict[str, list[tuple[str, float]]] = {d: _teams(rng, d, rng.randint(2, 4)) for d in DEPARTMENTS}
    for t in towns:
        teams[t.name + "安监站"] = _teams(rng, t.name + "安监站", 2)
    teams["市安委办督查组"] = _teams(rng, "", 2)
    teams["县安委办督查组"] = _teams(rng, "", 2)
    skipped: dict[str, set[int]] = {t.name: set(rng.sample(range(2, N_MONTHS - 2), t.skips)) for t in towns}

    visits: list[Visit] = []
    hazards: list[Hazard] = []
    used_desc: dict[tuple[str, str, date], None] = {}
    open_desc: dict[str, dict[str, date | None]] = defaultdict(dict)  # unit -> desc -> rectified
    id_counter: dict[tuple[str, int], int] = defaultdict(int)
    for mi, m in enumerate(months):
        mfac = {2: 0.85, 6: 1.25, 9: 1.1, 10: 1.1}.get(m.month, 1.0)
        for t in towns:
            pool = [u for u in units[t.name] if u.active_from <= mi <= u.active_to and u.weight > 0]
            pool += unregistered[t.name]
            weighted = [(u, u.weight * _season(u.sector, m.month)) for u in pool]
            n = round(t.size * 0.14 * mfac * rng.uniform(0.85, 1.15) * (0.8 if t.quality == "weak" else 1.0))
            for _ in range(n):
                u = _pick_weighted(rng, weighted)
                lvl = _pick_weighted(
                    rng, [("county", 0.38), ("town", 0.37), ("self", 0.17), ("supervision", 0.04), ("report", 0.04)]
                )
                if lvl == "county":
                    dept = u.department or _pick_weighted(rng, SECTOR_DEPTS[u.sector])
                    method = _pick_weighted(
                        rng, [("routine", 0.45), ("special", 0.2), ("spot", 0.15), ("joint", 0.1), ("unannounced", 0.1)]
                    )
                    team, strict = _pick_weighted(rng, [(tm, 1.0) for tm in teams[dept]])
                elif lvl in ("town", "report"):
                    dept = t.name + "安监站"
                    method = (
                        "report"
                        if lvl == "report"
                        else _pick_weighted(
                            rng, [("routine", 0.6), ("mutual", 0.15), ("special", 0.2), ("unannounced", 0.05)]
                        )
                    )
                    team, strict = _pick_weighted(rng, [(tm, 1.0) for tm in teams[dept]])
                    if rng.random() < 0.15:
                        dept = ""
                    lvl = "town"
                elif lvl == "self":
                    dept = ""
                    method = "self"
                    team, strict = rng.choice(SURNAMES) + rng.choice(GIVEN), 1.0
                else:
                    dept = _pick_weighted(rng, [("市安委办督查组", 0.4), ("县安委办督查组", 0.6)])
                    method = _pick_weighted(rng, [("supervision", 0.7), ("unannounced", 0.3)])
                    team, strict = _pick_weighted(rng, [(tm, 1.0) for tm in teams[dept]])
                day = _work_day(rng, m)
                v = Visit(day, t.name, u, method, lvl, dept, team, r=rng.random())
                rf, rm = RISK_FACTOR[u.risk]
                season = _season(u.sector, m.month)
                lam = SECTOR_LAMBDA[u.sector] * (0.6 + 0.4 * season) * METHOD_LAMBDA[method] * strict * rf * 0.8
                k = _poisson(rng, lam)
                if method == "report" and k == 0 and rng.random() < 0.8:
                    k = 1
                general, major = DESCRIPTIONS[u.sector]
                for _ in range(k):
                    is_major = rng.random() < 0.056 * METHOD_MAJOR[method] * rm * (0 if strict < 0.1 else 1)
                    choices = [
                        d
                        for d in (major if is_major else general)
                        if d not in open_desc[u.name] and (u.name, d, day) not in used_desc and _desc_fits(u.name, d)
                    ]
                    if not choices:
                        continue
                    desc = rng.choice(choices)
                    used_desc[(u.name, desc, day)] = None
                    q = RECTIFY[t.quality]
                    if is_major:
                        dl = rng.choice((30, 45, 60))
                        q = (q[0] - 0.1, q[1] + 0.05, q[2] + 0.05)
                    else:
                        dl = rng.choice((7, 10, 15, 15, 20, 30, 30))
                    deadline = day + timedelta(days=dl)
                    outcome = _pick_weighted(rng, [("ontime", q[0]), ("late", q[1]), ("never", q[2])])
                    if outcome == "ontime":
                        rect: date | None = day + timedelta(days=rng.randint(1, dl))
                    elif outcome == "late":
                        rect = deadline + timedelta(days=rng.randint(1, 60 if t.quality == "weak" else 30))
                    else:
                        rect = None
                    hdept = u.department
                    blank_p = 0.3 if t.quality == "weak" else 0.03
                    if hdept and rng.random() < blank_p:
                        hdept = ""
                    h = Hazard(
                        t.name,
                        u,
                        desc,
                        is_major,
                        day,
                        deadline,
                        rect,
                        hdept,
                        method,
                        minute=rng.randint(8 * 60, 17 * 60 + 30),
                        r=rng.random(),
                    )
                    if t.id_fmt:
                        if "{m" in t.id_fmt:
                            key = (t.name, day.year * 100 + day.month)
                        else:
                            key = (t.name, day.year if "{y" in t.id_fmt else 0)
                        id_counter[key] += 1
                        h.hid = t.id_fmt.format(y=day.year, yy=day.year % 100, m=day.month, n=id_counter[key])
                    v.hazards.append(h)
                    hazards.append(h)
                    open_desc[u.name][desc] = rect
                # descriptions free again once rectified (checked lazily at next month start)
                if lvl == "county" and v.hazards and dept not in ("县教育局",):
                    p = 0.2 + 0.5 * any(h.major for h in v.hazards)
                    if rng.random() < p:
                        v.penalty = rng.choice((1000, 2000, 3000, 5000, 5000, 10000, 20000))
                        if any(h.major for h in v.hazards):
                            v.penalty *= rng.choice((2, 3, 5))
                visits.append(v)
        nxt = _add_months(m, 1)
        for _unit, descs in open_desc.items():
            for d in [d for d, r in descs.items() if r is not None and r < nxt]:
                del descs[d]
    # Visits in a month are generated town by town; sort chronologically for stable output order.
    visits.sort(key=lambda v: (v.day, v.town, v.unit.name))
    return World(months, towns, units, unregistered, visits, hazards, skipped)


# ---------------------------------------------------------------- cell formatting


class Formula(str):
    """A formula cell; written without a cached value."""


FW = str.maketrans("0123456789-/:", "０１２３４５６７８９－／：")


def fmt_date(kind: str, d: date | None, report_month: date, minute: int = 0) -> Any:
    if d is None:
        return None
    if kind == "dt":
        return datetime(d.year, d.month, d.day)
    if kind == "serial":
        return (d - date(1899, 12, 30)).days
    if kind == "iso":
        return d.isoformat()
    if kind == "slash":
        return f"{d.year}/{d.month}/{d.day}"
    if kind == "slash0":
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    if kind == "dot":
        return f"{d.year}.{d.month}.{d.day}"
    if kind == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if kind == "compact":
        return f"{d.year}{d.month:02d}{d.day:02d}"
    if kind == "isotime":
        return f"{d.isoformat()} {minute // 60:02d}:{minute % 60:02d}"
    if kind == "fw":
        return f"{d.year}年{d.month}月{d.day}日".translate(FW)
    if kind == "md":
        return f"{d.month}月{d.day}日" if d.year == report_month.year else f"{d.year}年{d.month}月{d.day}日"
    raise ValueError(kind)


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2 (0-based)
    hidden: bool = False
    date_format: str = "yyyy-mm-dd"
    widths: dict[int, float] = field(default_factory=dict)


@dataclass
class Layout:
    """How one reporting body lays out a sheet: columns (field, label, group), banners and extras."""

    cols: list[tuple[str, str, str | None]]
    banners: list[str] = field(default_factory=list)
    subrow: str | None = None  # 'numbers' | 'units'
    units: dict[str, str] = field(default_factory=dict)
    merge_field: str | None = None  # merge equal consecutive values of this field downwards
    formula_seq: bool = False
    seq_text: bool = False
    blank_every: int = 0
    total_label: str | None = None
    total_values: dict[str, Any] = field(default_factory=dict)
    footer: list[list[Any]] = field(default_factory=list)
    group_row_first: bool = True
    date_format: str = "yyyy-mm-dd"


def build_sheet(name: str, lay: Layout, records: list[dict[str, Any]], ctx: dict[str, Any]) -> Sheet:
    sh = Sheet(name, date_format=lay.date_format)
    width = len(lay.cols)
    for b in lay.banners:
        r = len(sh.rows)
        sh.rows.append([b.format(**ctx)] + [None] * (width - 1))
        if width > 1:
            sh.merges.append((r, 0, r, width - 1))
    groups = any(g for _, _, g in lay.cols)
    h0 = len(sh.rows)
    if groups:
        top: list[Any] = [None] * width
        bottom: list[Any] = [None] * width
        c = 0
        while c < width:
            f, label, g = lay.cols[c]
            if g is None:
                top[c] = label
                sh.merges.append((h0, c, h0 + 1, c))
                c += 1
                continue
            end = c
            while end + 1 < width and lay.cols[end + 1][2] == g:
                end += 1
            top[c] = g
            if end > c:
                sh.merges.append((h0, c, h0, end))
            for k in range(c, end + 1):
                bottom[k] = lay.cols[k][1]
            c = end + 1
        sh.rows += [top, bottom]
    else:
        sh.rows.append([label if f != "blank" else None for f, label, _ in lay.cols])
    if lay.subrow == "numbers":
        sh.rows.append([i + 1 for i in range(width)])
    elif lay.subrow == "units":
        sh.rows.append([lay.units.get(f) for f, _, _ in lay.cols])
    data_start = len(sh.rows)
    fields = [f for f, _, _ in lay.cols]
    prev: Any = object()
    run_start = None
    mcol = fields.index(lay.merge_field) if lay.merge_field in fields else None
    for i, rec in enumerate(records):
        if lay.blank_every and i and i % lay.blank_every == 0:
            sh.rows.append([None] * width)
            prev = object()
        r = len(sh.rows)
        row = []
        for f in fields:
            if f == "seq":
                if lay.formula_seq:
                    row.append(Formula(f"=ROW()-{data_start}"))
                else:
                    row.append(str(i + 1) if lay.seq_text else i + 1)
            elif f == "blank":
                row.append(None)
            else:
                row.append(rec.get(f))
        if mcol is not None:
            val = row[mcol]
            if val == prev and val is not None:
                row[mcol] = None
                if run_start is not None:
                    sh.merges = [mg for mg in sh.merges if mg != (run_start, mcol, r - 1, mcol)]
                    sh.merges.append((run_start, mcol, r, mcol))
            else:
                run_start = r
            prev = val
        sh.rows.append(row)
    if lay.total_label:
        row = [None] * width
        row[0] = lay.total_label
        for f, v in lay.total_values.items():
            if f in fields:
                row[fields.index(f)] = v
        sh.rows.append(row)
    if lay.footer:
        sh.rows.append([None] * width)
        for frow in lay.footer:
            sh.rows.append(
                [(x.format(**ctx) if isinstance(x, str) else x) for x in frow] + [None] * max(0, width - len(frow))
            )
    return sh


# ---------------------------------------------------------------- writers

_STAMP = datetime(2020, 1, 1)


def _xlsx_bytes(sheets: list[Sheet], created: datetime) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    wb.properties.creator = COUNTY
    wb.properties.lastModifiedBy = COUNTY
    wb.properties.created = created
    wb.properties.modified = created
    for sh in sheets:
        ws = wb.create_sheet(sh.name)
        for r, row in enumerate(sh.rows, start=1):
            for c, v in enumerate(row, start=1):
                if v is None or v == "":
                    continue
                cell = ws.cell(row=r, column=c, value=str(v) if isinstance(v, Formula) else v)
                if isinstance(v, datetime):
                    cell.number_format = sh.date_format
        for r1, c1, r2, c2 in sh.merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
        for c, w in sh.widths.items():
            ws.column_dimensions[get_column_letter(c + 1)].width = w
        if sh.hidden:
            ws.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps docProps/core.xml 'modified' with now() and zip entries with the wall clock:
    # rewrite both so the bytes depend on the inputs only.
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", data
                )
            zi = zipfile.ZipInfo(info.filename, date_time=_STAMP.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)
    return out.getvalue()


def _xls_bytes(sheets: list[Sheet]) -> bytes:
    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    plain = xlwt.Style.default_style
    for sh in sheets:
        ws = wb.add_sheet(sh.name)
        covered: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for mg in sh.merges:
            r1, c1, r2, c2 = mg
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    covered[(r, c)] = mg
        for r, row in enumerate(sh.rows):
            for c, v in enumerate(row):
                if (r, c) in covered:
                    continue
                if v is None or v == "":
                    continue
                ws.write(r, c, v, date_style if isinstance(v, datetime) else plain)
        for r1, c1, r2, c2 in sh.merges:
            v = sh.rows[r1][c1]
            ws.write_merge(r1, r2, c1, c2, "" if v is None else v, date_style if isinstance(v, datetime) else plain)
        if sh.hidden:
            ws.visibility = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _csv_bytes(sheet: Sheet, encoding: str) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for row in sheet.rows:
        w.writerow(["" if v is None else v for v in row])
    return buf.getvalue().encode(encoding)


# ---------------------------------------------------------------- ledgers


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

TOWN_SIGNERS = ("王某", "李某", "张某", "刘某", "陈某", "赵某", "周某", "吴某")


def _hazard_record(t: TownCfg, hab: LedgerHabit, it: Listed, rm: date) -> dict[str, Any]:
    h = it.h
    kind = hab.date
    if t.name == "河西街道" and h.r < 0.25:
        kind = "cn"
    if t.name == "梅林乡" and h.r < 0.3:
        kind = "slash"
    end = _month_end(rm)
    is_open = it.rectified is None
    if is_open and hab.status[2] and h.deadline < end:
        status = hab.status[2]
    else:
        status = hab.status[1] if is_open else hab.status[0]
    return {
        "id": h.hid,
        "town": h.town,
        "sector": _sector_word(t, h.unit, h.r),
        "unit": h.unit.name,
        "desc": h.description,
        "level": hab.level[1] if h.major else hab.level[0],
        "found": fmt_date(hab.found_date or kind, h.found, rm, h.minute),
        "deadline": fmt_date(kind, h.deadline, rm),
        "status": status,
        "rect": fmt_date(kind, it.rectified, rm),
        "dept": h.department or None,
        "method": _method_word(t.habit, h.method, h.r, h.unit),
    }


def _listings(world: World) -> dict[tuple[str, int], list[Listed]]:
    """Per (town, month index) the hazards a town's ledger lists; skipped months have no entry."""
    by_town: dict[str, list[Hazard]] = defaultdict(list)
    for h in world.hazards:
        by_town[h.town].append(h)
    out: dict[tuple[str, int], list[Listed]] = {}
    for t in world.towns:
        hs = sorted(by_town[t.name], key=lambda h: h.found)
        pending: list[Hazard] = []
        last_end: date | None = None
        for mi, m in enumerate(world.months):
            if mi in world.skipped[t.name]:
                continue
            end = _month_end(m)
            new = [h for h in hs if h.found <= end and (last_end is None or h.found > last_end)]
            listed = [Listed(h, h.rectified if h.rectified and h.rectified <= end else None) for h in pending + new]
            out[(t.name, mi)] = listed
            pending = [x.h for x in listed if x.rectified is None]
            last_end = end
    return out


def _bad_month(world: World, town: str, target: int) -> int:
    """The first month from target on that the town reports (bad rows must land in a written file)."""
    while target in world.skipped[town]:
        target += 1
    return target


def _bad_ledger_rows(t: TownCfg, mi: int, hab: LedgerHabit, rm: date, world: World) -> list[tuple[int, dict[str, Any]]]:
    """The deliberately bad rows (see module docstring): (insert position, record)."""
    units = [u for u in world.units[t.name] if u.active_from <= mi <= u.active_to]
    d = rm + timedelta(days=9)
    base = {
        "town": t.name,
        "level": hab.level[0],
        "status": hab.status[1],
        "dept": None,
        "deadline": fmt_date(hab.date, d + timedelta(days=15), rm),
        "method": "日常检查",
        "found": fmt_date(hab.found_date or hab.date, d, rm, 600),
    }
    u = units[len(units) // 2]
    if t.name == "白马镇" and mi == _bad_month(world, t.name, 5):
        return [
            (
                1,
                {
                    **base,
                    "sector": _sector_word(t, u, 0.5),
                    "unit": u.name,
                    "desc": "灭火器压力不足（待复查）",
                    "found": "待定",
                },
            )
        ]
    if t.name == "东关街道" and mi == 9:
        return [
            (
                2,
                {
                    **base,
                    "id": t.id_fmt.format(y=rm.year, m=rm.month, n=999, yy=0) if t.id_fmt else None,
                    "sector": SECTOR_WORDS["fire"][t.habit % 4],
                    "unit": None,
                    "desc": None,
                },
            )
        ]
    if t.name == "龙泉镇" and mi == 14:
        return [
            (0, {**base, "id": f"LQ{rm.year}-900", "sector": "建筑施功", "unit": u.name, "desc": "临时用电线路老化"})
        ]
    if t.name == "梅林乡" and mi == _bad_month(world, t.name, 17):
        return [
            (
                3,
                {
                    **base,
                    "id": f"梅隐〔{rm.year}〕900号",
                    "sector": _sector_word(t, u, 0.5),
                    "unit": u.name,
                    "desc": "配电箱门锁损坏",
                    "level": "较大",
                },
            )
        ]
    if t.name == "北坪镇" and mi == 20:
        return [
            (
                4,
                {
                    **base,
                    "sector": _sector_word(t, u, 0.5),
                    "unit": u.name,
                    "desc": "安全出口指示灯不亮",
                    "found": f"{rm.year}/2/30",
                },
            )
        ]
    return []


def _ledger_sheet(
    t: TownCfg, mi: int, items: list[Listed], world: World, rng: random.Random, sheet_name: str
) -> tuple[Sheet, dict[str, Any]]:
    rm = world.months[mi]
    hab = HABITS[t.name]
    lay = hab.layout
    order = (
        sorted(items, key=lambda x: (x.h.unit.name, x.h.found))
        if lay.merge_field
        else sorted(items, key=lambda x: (x.h.found, x.h.hid or "", x.h.unit.name))
    )
    recs = [_hazard_record(t, hab, it, rm) for it in order]
    for pos, rec in _bad_ledger_rows(t, mi, hab, rm, world):
        recs.insert(min(pos, len(recs)), rec)
    fill = _add_months(rm, 1) + timedelta(days=rng.randint(0, 4))
    ctx = {
        "town": t.name,
        "y": rm.year,
        "m": rm.month,
        "last": _month_end(rm).day,
        "fy": fill.year,
        "fm": fill.month,
        "fd": fill.day,
        "signer": rng.choice(TOWN_SIGNERS),
        "checker": rng.choice(TOWN_SIGNERS),
        "phone": f"0000-{rng.randint(1000000, 9999999)}",
    }
    n_desc = "desc"
    lay.total_values = {n_desc: f"共{len(recs)}项"} if lay.total_label else {}
    sh = build_sheet(sheet_name, lay, recs, ctx)
    return sh, {"fill": fill, **ctx}


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _created(fill: date) -> datetime:
    return datetime(fill.year, fill.month, fill.day, 9, 0, 0)


def _write_ledgers(world: World, out: Path, mi: int, listings: dict, seed: int) -> list[Path]:
    rm = world.months[mi]
    y, m = rm.year, rm.month
    d = out / "ledgers"
    paths: list[Path] = []
    towns = {t.name: t for t in world.towns}

    def rng_for(key: str) -> random.Random:
        return random.Random(f"{seed}:{key}:{rm.isoformat()}")

    for t in world.towns:
        if (t.name, mi) not in listings or t.name == "南山乡":
            continue
        items = listings[(t.name, mi)]
        rng = rng_for(t.name)
        if t.name == "城关镇":
            sh, ctx = _ledger_sheet(t, mi, items, world, rng, f"{y}年{m}月")
            paths.append(_write(d / f"城关镇{y}年{m}月隐患整改台账.xlsx", _xlsx_bytes([sh], _created(ctx["fill"]))))
        elif t.name == "河西街道":
            sheets = []
            summary = Sheet("汇总", [["乡镇", "隐患数", "已整改", "整改率"]])
            fill = None
            for tn in ("河西街道", "南山乡"):
                its = listings.get((tn, mi), [])
                sh, ctx = _ledger_sheet(towns[tn], mi, its, world, rng, tn)
                fill = fill or ctx["fill"]
                sheets.append(sh)
                done = sum(1 for x in its if x.rectified)
                summary.rows.append([tn, len(its), done, f"{done / len(its):.1%}" if its else "—"])
            notes = Sheet("填表说明", [["1. 日期请填写为年-月-日；2. 隐患级别填写一般或重大。"]], hidden=True)
            data = _xlsx_bytes([summary, *sheets, notes], _created(fill))
            paths.append(_write(d / f"{y}年{m}月河西街道南山乡隐患台账.xlsx", data))
        elif t.name == "北坪镇":
            sh, _ = _ledger_sheet(t, mi, items, world, rng, "")
            paths.append(_write(d / f"北坪镇隐患排查{y}{m:02d}.csv", _csv_bytes(sh, "gb18030")))
        elif t.name == "东关街道":
            sh, ctx = _ledger_sheet(t, mi, items, world, rng, "Sheet1")
            sh.widths = {5: 2.0}
            paths.append(
                _write(d / f"东关街道{y}年{m}月隐患排查整改台账.xlsx", _xlsx_bytes([sh], _created(ctx["fill"])))
            )
        elif t.name == "桃源镇":
            sh, ctx = _ledger_sheet(t, mi, items, world, rng, "Sheet1")
            paths.append(_write(d / f"桃源镇安全隐患清单（{y}年{m}月）.xlsx", _xlsx_bytes([sh], _created(ctx["fill"]))))
        elif t.name == "青石镇":
            sh, ctx = _ledger_sheet(t, mi, items, world, rng, f"青石镇{y}年{m}月")
            dic = Sheet(
                "字典",
                [
                    ["字段", "填写说明"],
                    ["是否整改", "√=已整改，×=未整改"],
                    ["隐患级别", "一般 / 重大"],
                    ["排查时间", "8位数字，如20250305"],
                ],
            )
            paths.append(
                _write(d / f"隐患排查台账（青石）{y}{m:02d}.xlsx", _xlsx_bytes([sh, dic], _created(ctx["fill"])))
            )
        elif t.name == "柳湾乡":
            sh, ctx = _ledger_sheet(t, mi, items, world, rng, "Sheet1")
            paths.append(_write(d / f"柳湾乡{y}年{m}月隐患治理台账.xlsx", _xlsx_bytes([sh], _created(ctx["fill"]))))
        elif t.name == "龙泉镇":
            sh, ctx = _ledger_sheet(t, mi, items, world, rng, f"{m}月")
            sheets = [sh]
            notes = Sheet(
                "填表说明",
                [
                    ["填表说明"],
                    ["1. 每月5日前报送上月台账；"],
                    ["2. 已整改的隐患在当月台账中标注“已验收”，次月不再列出；"],
                    ["3. 日期按“年月日”填写。"],
                ],
            )
            sheets.append(notes)
            prev = mi - 1
            if (t.name, prev) in listings:
                old, _ = _ledger_sheet(t, prev, listings[(t.name, prev)], world, rng_for("龙泉镇old"), "上月备份")
                old.hidden = True
                sheets.append(old)
            paths.append(
                _write(d / f"龙泉镇{y}年{m}月隐患排查治理台账.xlsx", _xlsx_bytes(sheets, _created(ctx["fill"])))
            )
        elif t.name == "石桥镇":
            sh, _ = _ledger_sheet(t, mi, items, world, rng, "Sheet1")
            paths.append(_write(d / f"石桥镇{y}年{m}月隐患台账.xls", _xls_bytes([sh])))
        elif t.name == "云岭乡":
            sh, _ = _ledger_sheet(t, mi, items, world, rng, "")
            paths.append(_write(d / f"云岭乡{y}年{m}月隐患台账.csv", _csv_bytes(sh, "utf-8-sig")))
        elif t.name == "新港镇":
            sh, ctx = _ledger_sheet(t, mi, items, world, rng, "台账")
            paths.append(_write(d / f"新港镇{y}年{m}月安全隐患台账.xlsx", _xlsx_bytes([sh], _created(ctx["fill"]))))
        elif t.name == "白马镇":
            sh, ctx = _ledger_sheet(t, mi, items, world, rng, "Sheet1")
            paths.append(_write(d / f"白马镇隐患台账{y}.{m:02d}.xlsx", _xlsx_bytes([sh], _created(ctx["fill"]))))
        elif t.name == "梅林乡":
            sh, ctx = _ledger_sheet(t, mi, items, world, rng, "台账")
            paths.append(_write(d / f"梅林乡{y}年{m}月隐患排查整改台账.xlsx", _xlsx_bytes([sh], _created(ctx["fill"]))))
        else:  # pragma: no cover - every town has a habit above
            raise AssertionError(t.name)
    return paths


# ---------------------------------------------------------------- inspections

INSP_COLS: list[tuple[str, str, str | None]] = [
    ("seq", "序号", None),
    ("date", "检查日期", None),
    ("town", "所属街镇", None),
    ("unit", "被检查单位", None),
    ("sector", "行业领域", None),
    ("method", "检查方式", None),
    ("inspectors", "检查人员", None),
    ("found", "发现隐患数", None),
    ("major", "其中重大隐患", None),
    ("penalty", "罚款（元）", None),
    ("dept", "监管部门", None),
    ("remark", "备注", None),
]
INSP_UNITS = {"found": "(项)", "major": "(项)", "penalty": "(元)"}

EM_COLS: list[tuple[str, str, str | None]] = [
    ("seq", "序号", None),
    ("date", "检查时间", "检查基本情况"),
    ("town", "乡镇（街道）", "检查基本情况"),
    ("unit", "被检查单位", "检查基本情况"),
    ("sector", "行业类别", "检查基本情况"),
    ("method", "检查类型", "检查基本情况"),
    ("inspectors", "执法人员", "检查基本情况"),
    ("found", "查出隐患数", "检查结果"),
    ("major", "重大事故隐患（项）", "检查结果"),
    ("penalty", "罚款（万元）", "检查结果"),
    ("dept", "主管部门", None),
]

COUNTY_HABIT = 3  # word habit of the county-wide inspection workbook
EM_HABIT = 1  # 县应急管理局: 执法检查 / 双随机 / 暗查暗访 / 联合执法 …


def _visit_record(v: Visit, habit: int, rm: date, date_kind: str, wan: bool) -> dict[str, Any]:
    t = next(t for t in TOWNS if t.name == v.town)
    words = SECTOR_WORDS[v.unit.sector]
    sector = v.unit.sector_word if (v.unit.sector_word and v.r < 0.3) else words[(habit + t.habit) % len(words)]
    pen: Any = v.penalty
    if wan:
        pen = v.penalty / 10000 if v.penalty else None
    return {
        "date": fmt_date(date_kind, v.day, rm),
        "town": v.town,
        "unit": v.unit.name,
        "sector": sector,
        "method": _method_word(habit, v.method, v.r, v.unit),
        "inspectors": v.team,
        "found": len(v.hazards),
        "major": sum(1 for h in v.hazards if h.major),
        "penalty": pen,
        "dept": v.department or None,
    }


def _write_inspections(world: World, out: Path, mi: int, seed: int) -> list[Path]:
    rm = world.months[mi]
    y, m = rm.year, rm.month
    d = out / "inspections"
    rng = random.Random(f"{seed}:inspections:{rm.isoformat()}")
    fill = _add_months(rm, 1) + timedelta(days=rng.randint(2, 6))
    month_visits = [v for v in world.visits if v.day.year == y and v.day.month == m]
    paths: list[Path] = []

    # 县应急管理局's own enforcement file (penalties in 万元).
    em = [v for v in month_visits if v.level == "county" and v.department == "县应急管理局"]
    recs = [_visit_record(v, EM_HABIT, rm, "cn", True) for v in em]
    if mi == 7 and recs:
        recs[len(recs) // 2]["found"] = "若干"
    lay = Layout(
        cols=EM_COLS,
        banners=[
            f"县应急管理局{y}年{m}月执法检查台账",
            f"填报单位：县应急管理局执法大队　　填报日期：{fill.year}年{fill.month}月{fill.day}日",
        ],
        total_label="合计",
        total_values={
            "found": sum(len(v.hazards) for v in em),
            "major": sum(1 for v in em for h in v.hazards if h.major),
            "penalty": sum(v.penalty for v in em) / 10000,
        },
        footer=[["执法人员签字：", None, None, "负责人：", None, None, "联系电话：", "0000-0000000"]],
    )
    sh = build_sheet(f"{m}月", lay, recs, {})
    paths.append(_write(d / f"县应急管理局{y}年{m}月执法检查台账.xlsx", _xlsx_bytes([sh], _created(fill))))

    # County-wide workbook: one sheet per department, 乡镇检查, 督查, a 汇总 with a units row.
    sheets: list[Sheet] = []
    summary_rows: list[list[Any]] = []
    groups: list[tuple[str, list[Visit]]] = []
    for dept in DEPARTMENTS:
        if dept == "县应急管理局":
            continue
        vs = [v for v in month_visits if v.level == "county" and v.department == dept]
        if vs:
            groups.append((dept, vs))
    groups.append(("乡镇检查", [v for v in month_visits if v.level in ("town", "self")]))
    groups.append(("督查", [v for v in month_visits if v.level == "supervision"]))
    for name, vs in groups:
        recs = [_visit_record(v, COUNTY_HABIT, rm, "dt", False) for v in vs]
        for rec, v in zip(recs, vs, strict=True):
            if v.level == "self":
                rec["remark"] = "企业自查上报"
            elif not v.unit.registered:
                rec["remark"] = "未纳入名录"
        if name == "乡镇检查" and mi == 12 and recs:
            recs[len(recs) // 3]["date"] = None
        title = f"{name}{y}年{m}月安全检查记录" if name.startswith("县") else f"{y}年{m}月{name}情况"
        lay = Layout(cols=INSP_COLS, banners=[title], subrow="units", units=INSP_UNITS)
        sheets.append(build_sheet(name, lay, recs, {}))
        summary_rows.append(
            [
                name,
                len(vs),
                sum(len(v.hazards) for v in vs),
                sum(1 for v in vs for h in v.hazards if h.major),
                sum(v.penalty for v in vs),
            ]
        )
    summary = Sheet(
        "汇总",
        [
            [f"{COUNTY}{y}年{m}月安全生产检查情况汇总"],
            ["部门", "检查次数", "发现隐患数", "其中重大隐患", "罚款（元）"],
            [None, "(次)", "(项)", "(项)", "(元)"],
            *summary_rows,
            ["合计", *[sum(r[i] for r in summary_rows) for i in range(1, 5)]],
        ],
        merges=[(0, 0, 0, 4)],
    )
    notes = Sheet(
        "说明",
        [
            ["本表由县安委办汇总各部门及乡镇（街道）报送的检查记录。"],
            ["县应急管理局执法检查另表报送。"],
            ["罚款单位：元。"],
        ],
    )
    data = _xlsx_bytes([summary, *sheets, notes], _created(fill))
    paths.append(_write(d / f"{COUNTY}{y}年{m}月安全生产检查记录汇总.xlsx", data))
    return paths


# ---------------------------------------------------------------- registry

RISK_COLOUR = {"red": "红", "orange": "橙", "yellow": "黄", "blue": "蓝"}
RISK_WORDS = {"red": "重大风险", "orange": "较大风险", "yellow": "一般风险", "blue": "低风险"}


def _registry_units(world: World, mi: int) -> dict[str, list[Unit]]:
    return {t.name: [u for u in world.units[t.name] if u.active_from <= mi <= u.active_to] for t in world.towns}


def _write_registry(world: World, out: Path, seed: int) -> list[Path]:
    d = out / "registry"
    paths = []
    old_mi, new_mi = N_MONTHS - 13, N_MONTHS - 1
    old_m, new_m = world.months[old_mi], world.months[new_mi]
    # Old version: a 汇总 sheet with a units row, then one sheet per town, no town column.
    regs = _registry_units(world, old_mi)
    sheets = [
        Sheet(
            "汇总",
            [
                ["乡镇（街道）", "监管对象数", "其中重大风险"],
                [None, "(家)", "(家)"],
                *[[tn, len(us), sum(1 for u in us if u.risk == "red")] for tn, us in regs.items()],
            ],
        )
    ]
    for t in world.towns:
        rows = [
            [f"{t.name}生产经营单位名录（{old_m.year}年{old_m.month}月更新）", None, None, None, None, None],
            ["序号", "单位名称", "行业类别", "监管部门", "统一社会信用代码", "风险等级"],
        ]
        for i, u in enumerate(sorted(regs[t.name], key=lambda u: (SECTORS.index(u.sector), u.name)), 1):
            rows.append(
                [i, u.name, SECTOR_WORDS[u.sector][0], u.department or None, u.credit_code or None, RISK_COLOUR[u.risk]]
            )
        sheets.append(Sheet(t.name, rows, merges=[(0, 0, 0, 5)]))
    created = datetime(old_m.year, old_m.month, 20, 9, 0)
    paths.append(_write(d / f"{COUNTY}监管对象名录（{old_m.year}年版）.xlsx", _xlsx_bytes(sheets, created)))
    # New version: one sheet with a town column, different headers and risk words.
    regs = _registry_units(world, new_mi)
    end = _month_end(new_m)
    rows: list[list[Any]] = []
    rng = random.Random(f"{seed}:registry")
    for t in world.towns:
        for u in sorted(regs[t.name], key=lambda u: (SECTORS.index(u.sector), u.name)):
            word = u.sector_word if (u.sector_word and rng.random() < 0.3) else SECTOR_WORDS[u.sector][-1]
            rows.append([t.name, u.name, word, u.department or None, u.credit_code or None, RISK_WORDS[u.risk]])
    sh = Sheet(
        "名录",
        [
            [f"{COUNTY}生产经营单位监管对象名录（{new_m.year}年版）"] + [None] * 6,
            [f"（截至{end.year}年{end.month}月{end.day}日）"] + [None] * 6,
            ["序号", "所属街镇", "企业名称", "所属行业", "行业主管部门", "信用代码", "风险级别"],
            *[[i, *r] for i, r in enumerate(rows, 1)],
        ],
        merges=[(0, 0, 0, 6), (1, 0, 1, 6)],
    )
    notes = Sheet(
        "填表说明",
        [
            ["风险级别：重大风险（红）、较大风险（橙）、一般风险（黄）、低风险（蓝）。"],
            ["行业主管部门空白的，由属地乡镇（街道）负责。"],
        ],
    )
    created = datetime(end.year, end.month, end.day, 9, 0)
    paths.append(_write(d / f"{COUNTY}监管对象名录（{new_m.year}年版）.xlsx", _xlsx_bytes([sh, notes], created)))
    return paths


# ---------------------------------------------------------------- entry points


def default_end_month(today: date | None = None) -> date:
    today = today or date.today()
    return _add_months(today.replace(day=1), -1)


def generate(out_dir: Path, end_month: date | None = None, seed: int = 20251) -> list[Path]:
    """Write the demo files under out_dir; return them in load order (registry, then month by month)."""
    out_dir = Path(out_dir)
    end = (end_month or default_end_month()).replace(day=1)
    world = simulate(seed, end)
    listings = _listings(world)
    registry = _write_registry(world, out_dir, seed)
    paths = [registry[0]]
    for mi in range(N_MONTHS):
        paths += _write_ledgers(world, out_dir, mi, listings, seed)
        paths += _write_inspections(world, out_dir, mi, seed)
    paths.append(registry[1])
    return paths


def _parse_month(s: str) -> date:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", s.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise argparse.ArgumentTypeError(f"月份格式应为 YYYY-MM，例如 2025-05：{s!r}")
    return date(int(m.group(1)), int(m.group(2)), 1)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m etl.demo", description="生成安宁县演示数据 / write demo spreadsheets")
    p.add_argument("out_dir", type=Path)
    p.add_argument("--end", type=_parse_month, default=None, help="last month, YYYY-MM (default: last month)")
    p.add_argument("--seed", type=int, default=20251)
    a = p.parse_args(argv)
    paths = generate(a.out_dir, a.end, a.seed)
    kinds = defaultdict(int)
    for path in paths:
        kinds[path.parent.name] += 1
    print(
        f"已生成 {len(paths)} 个文件 / wrote {len(paths)} files to {a.out_dir}: "
        + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
