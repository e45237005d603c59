"""Sentences about link (URL) parameters that were not valid (pages/_shared/urlcheck.py)."""

STRINGS = {
    "url.bad": (
        "链接参数 {name}={value} 无效（{why}），已改用默认值：{default}。",
        "Link parameter {name}={value} is not valid ({why}); using the default: {default}.",
    ),
    "url.dropped": (
        "链接参数 {name}={value} 不在可选范围内（{why}），已忽略。",
        "Link parameter {name}={value} is not among the choices ({why}); ignored.",
    ),
    "url.why.number": ("应为 {lo} 到 {hi} 之间的数", "expected a number from {lo} to {hi}"),
    "url.why.integer": ("应为整数", "expected a whole number"),
    "url.why.date": ("应为 {lo} 至 {hi} 之间的日期，格式 YYYY-MM-DD", "expected a date from {lo} to {hi}, as YYYY-MM-DD"),
    "url.why.month": ("应为 {lo} 至 {hi} 之间的月份，格式 YYYY-MM", "expected a month from {lo} to {hi}, as YYYY-MM"),
    "url.why.choice": ("可选：{options}", "choices: {options}"),
    "url.why.unknown": ("数据中没有这一项", "not in the data"),
    "url.why.county": ("最多 {n} 个字", "at most {n} characters"),
    "url.default.auto": ("按数据自动确定", "chosen from the data"),
}
