"""Strings of the reading report on the upload page (how each column was read) and the v2 fields."""

STRINGS = {
    "reading.title": ("读法报告：每一列如何识别", "Reading report: how each column was read"),
    "reading.help": (
        "核对每一列被当作哪个字段、依据是什么（列名、同义词、包含、勾选列、图例、标题）。读错的列在下方“修正”中改。",
        "Check which field each column was read as and why (name, synonym, contains, ticks, legend, title). "
        "Change a wrong reading in the fix form below.",
    ),
    "reading.sheet": ("工作表“{sheet}”（表头第 {row} 行）", "Sheet '{sheet}' (header on row {row})"),
    "reading.col.column": ("文件中的列", "Column in the file"),
    "reading.col.field": ("读作", "Read as"),
    "reading.col.how": ("依据", "Decided by"),
    "upload.canon.hazard_category": ("隐患类别", "Hazard category"),
    "upload.canon.supervisor": ("督办单位", "Supervised by"),
    "upload.canon.supervision_level": ("督办级别", "Supervision level"),
    "upload.canon.measures": ("整改措施", "Measures"),
    "upload.canon.funds": ("整改资金", "Funds"),
    "upload.canon.responsible_person": ("整改责任人", "Responsible person"),
    "upload.canon.contingency_plan": ("应急预案", "Contingency plan"),
    "upload.canon.verified_date": ("验收日期", "Verified on"),
    "upload.canon.verified_by": ("验收人", "Verified by"),
    "upload.canon.verification_result": ("验收结论", "Verification result"),
    "upload.canon.is_major": ("是否重大隐患（是/否）", "Major hazard? (yes/no)"),
}
