"""Content and date writing shared by the held-out shapes: towns, units and hazards by sector, the
departments that supervise each sector, and a date rendered as clerks and systems write it."""

from __future__ import annotations

import datetime as dt
import random

from .book import serial

D = dt.date
APRIL = D(2025, 4, 1)

TOWNS = ("城关镇", "河西乡", "北坪镇", "南山街道", "东湖镇", "青石乡")

# (code, unit, description) by sector, for content
CONTENT = {
    "fire": [("城关商贸城", "疏散通道堆放杂物"), ("红星宾馆", "应急照明灯损坏"), ("好运来超市", "灭火器压力不足"),
             ("金色年华KTV", "安全出口上锁"), ("百姓大药房", "电动自行车室内充电")],
    "school": [("城关第二小学", "食堂燃气管道老化"), ("育才幼儿园", "消防栓无水"), ("县职业中学", "实验室危化品未双人双锁")],
    "construction": [("滨江花园三期工地", "脚手架连墙件缺失"), ("县医院门诊楼工地", "塔吊限位失灵"),
                     ("安置房二标段", "临边防护缺失")],
    "hazchem": [("宏达化工有限公司", "储罐区防火堤破损"), ("中石化城关加油站", "卸油区静电接地损坏")],
    "gas": [("老街火锅店", "未安装燃气泄漏报警器"), ("便民液化气站", "气瓶超期未检")],
    "industry_trade": [("兴旺机械厂", "砂轮机无防护罩"), ("恒达木业", "除尘系统未接地"), ("鑫源纺织厂", "配电柜前堆放杂物")],
    "special_equipment": [("城关商厦", "电梯超期未检"), ("华丰食品厂", "锅炉安全阀未校验")],
    "mining": [("青石采石场", "边坡超高超陡"), ("白沙尾矿库", "排洪设施淤堵")],
    "traffic": [("顺达客运公司", "客车安全带损坏"), ("通达物流", "货车超载")],
    "water": [("河西渡口", "渡船救生衣不足"), ("东湖渔业合作社", "渔船未配备AIS")],
    "tourism": [("青龙山景区", "玻璃栈道护栏松动"), ("古镇游客中心", "应急广播故障")],
    "other": [("县人民医院", "氧气间无警示标识"), ("城关供电所", "变压器围栏破损")],
}
DEPTS = {"fire": "县消防救援大队", "school": "县教育局", "construction": "县住建局", "hazchem": "县应急管理局",
         "gas": "县住建局", "industry_trade": "县应急管理局", "special_equipment": "县市场监管局", "mining": "县应急管理局",
         "traffic": "县交通运输局", "water": "县农业农村局", "tourism": "县文旅局", "other": "县卫健局"}
PEOPLE = ("张伟", "王芳", "李强", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周涛", "吴霞")


def pick(rng: random.Random, sector: str) -> tuple[str, str]:
    return rng.choice(CONTENT[sector])


def day_in(rng: random.Random, month: D, lo: int = 1, hi: int = 28) -> D:
    return month.replace(day=rng.randint(lo, hi))


def later(d: D, rng: random.Random, lo: int, hi: int) -> D:
    return d + dt.timedelta(days=rng.randint(lo, hi))


def as_dt(d: D, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day, hour, minute)


FW = str.maketrans("0123456789", "０１２３４５６７８９")


def render_date(d: D, style: str) -> object:
    """A date as a clerk or a system writes it; 'md*' styles carry no year."""
    return {
        "dt": lambda: as_dt(d),
        "dt_time": lambda: as_dt(d, 9, 30),
        "serial": lambda: serial(d),
        "serial_time": lambda: serial(d) + 0.5,
        "iso": lambda: d.isoformat(),
        "iso_time": lambda: f"{d.isoformat()} 14:30",
        "slash": lambda: f"{d.year}/{d.month}/{d.day}",
        "slash_time": lambda: f"{d.year}/{d.month}/{d.day} 9:05",
        "dot": lambda: f"{d.year}.{d.month}.{d.day}",
        "cn": lambda: f"{d.year}年{d.month}月{d.day}日",
        "fw": lambda: f"{d.year}年{d.month}月{d.day}日".translate(FW),
        "compact": lambda: f"{d:%Y%m%d}",
        "compact_int": lambda: int(f"{d:%Y%m%d}"),
        "md_cn": lambda: f"{d.month}月{d.day}日",
        # Excel's Chinese long date format exported as text, and a clerk's "上午"
        "cn_week": lambda: f"{d.year}年{d.month}月{d.day}日（星期{'一二三四五六日'[d.weekday()]}）",
        "md_week": lambda: f"{d.month}月{d.day}日（周{'一二三四五六日'[d.weekday()]}）",
        "cn_morning": lambda: f"{d.year}年{d.month}月{d.day}日上午",
        "md_dot": lambda: f"{d.month}.{d.day}",
        "md_float": lambda: float(f"{d.month}.{d.day:02d}") if d.day % 10 else f"{d.month}.{d.day}",
    }[style]()


def no_year(style: str) -> bool:
    return style.startswith("md")
