"""Typed problems: file-level refusals (exceptions with a sentence), row-level rejections and
warnings (data). Each carries a stable code and its parameters; the sentence is rendered from
the catalogues below in Chinese or English (the model is frictionless-py's error catalogue:
one code, one template, parameters kept apart from the words)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class RefusedFile(Exception):
    """The file as a whole cannot be loaded. The message says what is wrong and how to fix it."""

    def __init__(self, message_zh: str, message_en: str, code: str = "refused", **params: Any):
        super().__init__(f"{message_zh} / {message_en}")
        self.message_zh = message_zh
        self.message_en = message_en
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Problem:
    """One rejected cell/row: where it is, what it held, and why, in plain Chinese."""

    sheet: str
    row: int  # Excel row number, 1-based
    column: str  # the column's header as written in the file (or the contract label)
    raw_value: str
    reason: str
    reason_en: str
    code: str = "row_rejected"


# --- the catalogue of refusals: one place, so the wording stays consistent ---

REFUSALS: dict[str, tuple[str, str]] = {
    "not_a_spreadsheet": ("“{name}”不是可识别的表格文件（应为 .xlsx、.xls 或 .csv），请用 Excel 另存为 .xlsx 后重新导入。",
                          "'{name}' is not a spreadsheet (.xlsx, .xls or .csv); save it from Excel as .xlsx and upload again."),
    "encrypted": ("“{name}”设置了打开密码（已加密），无法读取；请在 Excel 中取消密码后另存再导入。",
                  "'{name}' is password-protected (encrypted); remove the password in Excel, save, and upload again."),
    "corrupt": ("“{name}”文件已损坏或格式不完整，无法读取（{detail}）；请重新从 Excel 另存后导入。",
                "'{name}' is damaged or incomplete and cannot be read ({detail}); re-save it from Excel and upload again."),
    "empty_file": ("“{name}”中没有任何数据（所有工作表都是空的），请检查是否发错了文件。",
                   "'{name}' contains no data (every sheet is empty); check that this is the right file."),
    "too_big": ("“{name}”过大，超出导入上限（{detail}）；请拆分为多个文件后再导入。",
                "'{name}' is too large to load ({detail}); split it into smaller files."),
    "bad_encoding": ("无法识别“{name}”的文字编码（不是 GBK/GB18030 或 UTF-8）；请用 Excel 打开后另存为 .xlsx 再导入。",
                     "Cannot tell the text encoding of '{name}' (not GBK/GB18030 or UTF-8); open it in Excel and save as .xlsx."),
    "no_header": ("“{name}”中找不到可识别的表头（如“发现日期”“行业领域”“单位名称”“隐患描述”）；"
                  "请确认这是隐患台账、检查记录或监管对象名录，或下载导入模板对照填写。",
                  "No recognisable header found in '{name}' (e.g. 发现日期, 行业领域, 单位名称, 隐患描述); make sure it is a "
                  "hazard ledger, inspection log or registry, or use the import template."),
    "missing_columns": ("“{name}”工作表“{sheet}”缺少必填列：{labels_zh}；请补上这些列（列名可参照导入模板）后再导入。",
                        "Sheet '{sheet}' of '{name}' lacks required columns: {labels_en}; add them (see the template)."),
    "only_summaries": ("“{name}”只有汇总/统计表，没有逐条记录的明细表；请报送逐条隐患（或检查、单位）明细。",
                       "'{name}' holds only summary tables, no row-per-record sheet; send the detailed ledger."),
    "unexpected": ("读取“{name}”时出现意外错误（{detail}），文件未导入；请用 Excel 另存为 .xlsx 后重试，如仍失败请把文件交给系统管理员。",
                   "Unexpected error reading '{name}' ({detail}); nothing was loaded. Re-save it as .xlsx and retry, "
                   "or pass the file to the administrator."),
    "cannot_open": ("无法打开文件“{name}”：{detail}", "cannot open '{name}': {detail}"),
    # checks before reading (the upload page's batch)
    "too_many_files": ("一次最多导入 {n} 个文件（本次 {got} 个），请分批导入。",
                       "At most {n} files per batch ({got} given); load them in several batches."),
    "not_allowed_type": ("“{name}”不是 .xlsx、.xls 或 .csv 文件，未读取。",
                         "'{name}' is not an .xlsx, .xls or .csv file; it was not read."),
    "file_too_large": ("“{name}”有 {mb} MB，超过单个文件 {limit_mb} MB 的上限；请拆分后再导入。",
                       "'{name}' is {mb} MB, over the {limit_mb} MB limit; split it."),
    # 会商意见 (etl/ingest/agreements.py)
    "agreement_no_opinion": ("“{name}”里没有找到“{column}”列：请使用会商清单页面下载的表格填写后导入。",
                             "'{name}' has no '{column}' column: fill in the sheet downloaded from the 会商清单 page."),
    "agreement_missing_columns": ("会商清单缺少列：{columns}。", "The sheet lacks columns: {columns}."),
    "already_loaded": ("“{name}”已经导入过了（上传 #{upload_id}）。", "'{name}' has been loaded already (#{upload_id})."),
}


def refusal(code: str, **params: Any) -> RefusedFile:
    zh, en = REFUSALS[code]
    return RefusedFile(zh.format(**params), en.format(**params), code, **params)


# --- what exactly is too big or damaged (the {detail} of too_big and corrupt): code → (Chinese, English) ---

DETAILS: dict[str, tuple[str, str]] = {
    "zip_structure": ("zip 结构损坏", "the zip structure is damaged"),
    "zip_data": ("压缩数据损坏", "the compressed data is damaged"),
    "no_workbook": ("缺少工作簿内容", "the workbook part is missing"),
    "zip_ratio": ("压缩比异常，疑似压缩炸弹", "an abnormal compression ratio, likely a zip bomb"),
    "inflates_past_declared": ("解压后的大小超过文件自己声明的大小，疑似压缩炸弹",
                               "it inflates past the size it declares, likely a zip bomb"),
    "unzipped_size": ("解压后 {mb} MB", "{mb} MB once unzipped"),
    "used_range": ("某个工作表的使用范围达 {rows} 行 × {cols} 列（可能有远处的零星单元格，请删除多余的行列后另存）",
                   "a sheet's used range is {rows} rows × {cols} columns (perhaps stray cells far away: delete the "
                   "extra rows and columns and save again)"),
    "sheet_size": ("工作表“{sheet}”有 {rows} 行 × {cols} 列", "sheet '{sheet}' has {rows} rows × {cols} columns"),
    "cell_budget": ("所有工作表合计超过 {wan} 万个单元格（行数 × 列数，可能有远处的零星单元格或大片空行，"
                    "请删除多余的行列或拆分文件后另存）",
                    "the sheets together hold more than {cells:,} cells (rows × columns; perhaps stray cells far "
                    "away or large blank areas: delete the extra rows and columns or split the file)"),
    "merged_ranges": ("合并单元格范围过大", "its merged ranges are too large"),
    "xls_range": ("工作表使用范围过大（可能有远处的零星单元格）",
                  "a sheet's used range is too large (perhaps stray cells far away)"),
    "xls_failed": (".xls 读取失败", "the .xls reader failed"),
    "csv_lines": ("有 {lines} 行，上限 {limit} 行（可能含大量空行）", "{lines} lines, over the limit of {limit} "
                  "(perhaps many blank lines)"),
    "csv_line": ("某一行超过 {limit} 个字符", "a line is longer than {limit} characters"),
    "memory": ("读取时所需内存超过 {mb} MB 上限；小文件出现这种情况，多半是工作表有远处的零星单元格、使用范围远大于内容，"
               "请删除多余的行列后另存",
               "reading it needs more than the {mb} MB limit; in a small file this usually means stray cells far "
               "away make a sheet's used range far larger than its content: delete the extra rows and columns and "
               "save again"),
    "out_of_memory": ("读取时内存不足（{error}）", "reading it ran out of memory ({error})"),
    "timeout": ("读取超过 {seconds} 秒", "reading it took more than {seconds} seconds"),
    "xml_dtd": ("XML 声明了 DTD/实体", "the XML declares a DTD or entities"),
    "xml": ("XML：{error}", "XML: {error}"),
    "html": ("HTML：{error}", "HTML: {error}"),
    "csv": ("CSV：{error}", "CSV: {error}"),
    "reader": ("{error}", "{error}"),  # the reader's own error name (a library's, not translated)
}


def _with_detail(code: str, name: str, detail: str, params: dict[str, Any]) -> RefusedFile:
    dz, de = DETAILS[detail]
    zh, en = REFUSALS[code]
    return RefusedFile(zh.format(name=name, detail=dz.format(**params)), en.format(name=name, detail=de.format(**params)),
                       code, name=name, detail=detail, **params)


def not_a_spreadsheet(name: str) -> RefusedFile:
    return refusal("not_a_spreadsheet", name=name)


def encrypted(name: str) -> RefusedFile:
    return refusal("encrypted", name=name)


def corrupt(name: str, detail: str, **params: Any) -> RefusedFile:
    """``detail``: a code of DETAILS, with its parameters."""
    return _with_detail("corrupt", name, detail, params)


def empty_file(name: str) -> RefusedFile:
    return refusal("empty_file", name=name)


def too_big(name: str, detail: str, **params: Any) -> RefusedFile:
    """``detail``: a code of DETAILS, with its parameters."""
    return _with_detail("too_big", name, detail, params)


def bad_encoding(name: str) -> RefusedFile:
    return refusal("bad_encoding", name=name)


def no_header(name: str) -> RefusedFile:
    return refusal("no_header", name=name)


def missing_columns(name: str, sheet: str, labels_zh: list[str], labels_en: list[str]) -> RefusedFile:
    return refusal("missing_columns", name=name, sheet=sheet, labels_zh="、".join(labels_zh),
                   labels_en=", ".join(labels_en))


# --- row rejections: code → (Chinese, English); {value} is the cell as written ---

REJECTIONS: dict[str, tuple[str, str]] = {
    "town_unknown": ("无法确定所属乡镇（表中无乡镇列，工作表名、标题、填报单位和文件名中也没有）；请在导入时指定乡镇",
                     "town unknown (no town column, none in sheet name, title or file name); give it when loading"),
    "sector_blank": ("行业领域为空", "sector is blank"),
    "found_date_bad": ("发现日期无法识别：'{value}'", "found date not recognised: '{value}'"),
    "found_date_blank": ("发现日期为空", "found date is blank"),
    "unit_and_description_blank": ("单位名称和隐患描述均为空", "both unit name and description are blank"),
    "deadline_formula_error": ("整改期限是公式错误值：'{value}'，请修正公式后重报", "deadline is a formula error: '{value}'"),
    "rectified_formula_error": ("整改完成日期是公式错误值：'{value}'，请修正公式后重报",
                                "rectified date is a formula error: '{value}'"),
    "inspection_date_bad": ("检查日期无法识别：'{value}'", "inspection date not recognised: '{value}'"),
    "inspection_date_blank": ("检查日期为空", "inspection date is blank"),
    "inspected_unit_blank": ("被检查单位为空", "inspected unit is blank"),
    "unit_blank": ("单位名称为空", "unit name is blank"),
    "not_a_number": ("{label_zh}不是数字：'{value}'", "{label_en} is not a number: '{value}'"),
    "negative_number": ("{label_zh}不能为负数", "{label_en} is negative"),
    "code_unexplained": ("{label_zh}中的代码“{value}”没有图例说明（表中没有“注：1-一般 2-重大”这样的说明行或字典工作表），"
                         "无法判断含义；请在表下加一行注明各代码的含义，或直接填写文字（如“一般”“重大”）后重报",
                         "the code '{value}' in {label_en} is not explained by any legend (no note row such as "
                         "'注：1-一般 2-重大' and no 字典 sheet); add a note row giving each code's meaning, or write "
                         "the words (一般/重大) instead, and send the sheet again"),
    "code_unexplained_in": ("{label_zh}中的代码“{value}”没有图例说明（表中没有“注：{legend_zh}”这样的说明行，"
                            "字典工作表中也没有“{label_zh}”一节），无法判断含义；请在表下加一行注明各代码的含义，"
                            "或直接填写文字（如{words_zh}）后重报",
                            "the code '{value}' in {label_en} is not explained by any legend (no note row such as "
                            "'注：{legend_zh}' and no {label_zh} section in a 字典 sheet); add a note row giving each "
                            "code's meaning, or write the words ({words_en}) instead, and send the sheet again"),
    "marks_conflict": ("“{group}”下有多个勾选（{value}），无法判断；请每行只勾选一项",
                       "several ticks under '{group}' ({value}); tick exactly one per row"),
}


def rejection(code: str, **params: Any) -> tuple[str, str]:
    zh, en = REJECTIONS[code]
    return zh.format(**params), en.format(**params)


# --- non-data rows: why a non-empty row below the header is not a record ---

NON_DATA: dict[str, tuple[str, str]] = {
    "total_row": ("合计行", "total row"),
    "footer": ("表尾（填表人/审核人/说明等）", "footer (signatures, notes)"),
    "units_row": ("单位行", "units row"),
    "column_numbers": ("列序号行", "column-number row"),
    "blank_numbered": ("空白预编号行或表格外内容", "pre-numbered blank row or text outside the table"),
    "header_repeat": ("重复表头", "repeated header"),
    "legend_row": ("图例/代码说明行", "legend row (meaning of codes)"),
    "blank_marker": ("“以下空白”标记行", "'以下空白' (nothing below) marker row"),
    "nothing_to_report": ("无隐患（本月无隐患报告，计为已报送）", "nothing to report (counts as a report received)"),
}


# --- why a sheet was not read as data (SheetInfo.reason_code); "non_data" lists the rows that were not records ---

SHEET_REASONS: dict[str, tuple[str, str]] = {
    "hidden": ("隐藏工作表，已跳过", "hidden sheet, skipped"),
    "empty": ("空工作表", "empty sheet"),
    "instructions": ("填表说明/字典类工作表，不是数据", "instructions or dictionary sheet, not data"),
    "summary": ("汇总/统计表（按乡镇或行业计数，不是逐条隐患），已跳过",
                "summary sheet (counts per town or sector, not one hazard a row), skipped"),
    "no_header": ("找不到可识别的表头，已跳过", "no recognisable header, skipped"),
    "missing_columns": ("缺少必填列：{labels_zh}", "required columns missing: {labels_en}"),
    "non_data": ("非数据行：{rows_zh}", "non-data rows: {rows_en}"),
    "other_kind": ("这是一张{kind_zh}，本文件按{file_kind_zh}导入，此表未导入；如需导入，请再次导入本文件并把类型选为"
                   "“{kind_zh}”（只读取这类工作表）",
                   "this sheet reads as kind '{kind_en}', the file as '{file_kind_en}': not loaded; to load it, load "
                   "this file again with the kind set to '{kind_en}' (only sheets of that kind are read)"),
}


def sheet_reason(code: str, lang: str = "zh", **params: Any) -> str:
    zh, en = SHEET_REASONS[code]
    return (en if lang == "en" else zh).format(**params)


# --- warnings: every default applied and every decision taken from free text ---

WARNINGS: dict[str, tuple[str, str]] = {
    "sector_other": ("未知行业领域，按“其他”导入", "sector not in the vocabulary, loaded as 'other'"),
    "sector_by_words": ("行业领域按所含词语判定", "sector decided by the words it contains"),
    "level_blank": ("隐患等级为空，按“一般”导入", "level blank, loaded as general"),
    "level_unknown": ("隐患等级不在词表中，按“一般”导入", "level not in the vocabulary, loaded as general"),
    "level_between": ("隐患等级为“较大”等中间等级，按“一般”导入（原文保留在 level_raw）",
                      "an in-between level (较大), loaded as general (kept as written in level_raw)"),
    "level_codes_1_2": ("隐患等级代码 1/2 按 1=一般、2=重大 读取（该列只有 1 和 2，且无图例）",
                        "level codes 1/2 read as 1 = general, 2 = major (only 1 and 2 in the column, no legend)"),
    "level_by_legend": ("隐患等级代码按图例读取（{source}）", "level codes read by the legend ({source})"),
    "codes_by_legend": ("{label_zh}代码按图例读取（{source}）", "{label_en} codes read by the legend ({source})"),
    "level_by_words": ("隐患等级按所含词语判定为“{level_zh}”", "level decided by the words it contains as {level_en}"),
    "level_from_title": ("表中无隐患等级列，按标题/工作表名“{title}”定为“{level_zh}”",
                         "no level column: every row is {level_en} by the title or sheet name '{title}'"),
    "deadline_unrecognised": ("整改期限无法识别，按“无期限”导入", "deadline not recognised, loaded without a deadline"),
    "deadline_long_term": ("整改期限为“长期”，按“无期限”导入", "deadline 'long-term' (长期), loaded without a deadline"),
    "deadline_immediate": ("整改期限为“立即/立行立改”，按发现当日为期限", "deadline 'immediately', set to the found date"),
    "deadline_days": ("整改时限为天数，按发现日期加天数计算整改期限", "deadline given in days: the found date plus that many days"),
    "deadline_phrase": ("整改期限按文字（“…前”“…月底前”）读取", "deadline read from a phrase (…前, …月底前)"),
    "date_without_year": ("日期未写年份，按报送月份补全年份", "date without a year, year taken from the report month"),
    "rectified_unrecognised": ("整改完成日期无法识别，按空白导入", "rectified date not recognised, loaded blank"),
    "verified_date_unrecognised": ("验收日期无法识别，按空白导入", "acceptance date not recognised, loaded blank"),
    "verification_unknown": ("验收结论不在词表中，按空白导入", "acceptance result not in the vocabulary, loaded blank"),
    "status_unknown": ("整改状态不在词表中，按有无完成日期判断", "status not in the vocabulary, decided by the rectified date"),
    "status_by_words": ("整改状态为自由文字，按所含词语判定为“{status_zh}”",
                        "free-text status decided by its words as {status_en}"),
    "status_defaulted": ("整改状态为空，按有无完成日期判断", "status blank, decided by the rectified date"),
    "status_on_the_spot": ("“立行立改/即查即改”：按发现当日整改完成", "fixed on the spot: rectified on the found date"),
    "method_unknown": ("检查方式不在词表中，按空白导入", "inspection method not in the vocabulary, loaded blank"),
    "supervision_level_unknown": ("督办级别不在词表中，按空白导入", "supervision level not in the vocabulary, loaded blank"),
    "funds_not_number": ("整改资金不是数字，按空白导入", "rectification funds not a number, loaded blank"),
    "hazards_found_blank": ("发现隐患数为空，按 0 导入", "hazards found blank, loaded as 0"),
    "major_exceeds_found": ("重大隐患数大于发现隐患数，已按发现隐患数不少于重大隐患数处理",
                            "more major hazards than hazards found: hazards found raised to the major count"),
    "risk_unknown": ("风险等级不在词表中，按空白导入", "risk level not in the vocabulary, loaded blank"),
    "town_flag_conflict": ("指定的乡镇“{given}”与文件中的“{found}”不一致，按文件中的为准",
                           "the town given ({given}) differs from the file's ({found}); the file's is used"),
    "month_flag_conflict": ("指定的月份 {given} 与文件中的 {found} 不一致，按文件中的为准",
                            "the month given ({given}) differs from the file's ({found}); the file's is used"),
    "month_from_latest_date": ("工作表“{sheet}”未写明报送月份，按最晚的日期定为 {month}",
                               "sheet '{sheet}' names no report month; taken from its latest date: {month}"),
    "month_defaulted": ("工作表“{sheet}”未写明报送月份，按本月 {month} 导入",
                        "sheet '{sheet}' names no report month and has no dates; loaded as this month {month}"),
    "department_alias": ("部门“{raw}”按部门名录（config/departments.toml）读作“{name}”",
                         "department '{raw}' read as '{name}' by the department directory (config/departments.toml)"),
    "departments_config": ("部门名录有误，部门名称均按原样导入：{problem_zh}",
                           "the department directory has a mistake, so every department is loaded as written: "
                           "{problem_en}"),
    "department_from_supervisor": ("表中无责任部门列，“督办单位”同时作为责任部门",
                                   "no responsible-department column: 督办单位 also fills the department"),
    "rectified_before_found": ("数据矛盾：整改完成日期早于发现日期（按原样导入）",
                               "contradiction: rectified before found (loaded as written)"),
    "verified_before_rectified": ("数据矛盾：验收日期早于整改完成日期（按原样导入）",
                                  "contradiction: verified before rectified (loaded as written)"),
    "rectified_date_but_open": ("数据矛盾：整改状态为未整改，却填有整改完成日期（按未整改导入，该日期未导入）",
                                "contradiction: the status is open but a rectified date is given (loaded open, the "
                                "date not stored)"),
    "status_contradicts_marks": ("数据矛盾：整改状态与勾选不一致（按整改状态列导入）",
                                 "contradiction: the status column and the ticks disagree (status column used)"),
    "town_normalised": ("乡镇列写的是乡镇政府或带县名，按乡镇名导入", "the town column names the town's government or "
                        "the county too: loaded as the town's name"),
    "town_from_context": ("表中无乡镇列，乡镇按{source_zh}定为“{town}”", "no town column: town {town} from {source_en}"),
    "sector_from_sheet": ("表中无行业领域列，按工作表名“{sheet}”定为 {sector}",
                          "no sector column: sector {sector} from the sheet name '{sheet}'"),
    "rectified_from_verified": ("表中无整改完成日期列，按验收/复查日期填入整改完成日期",
                                "no rectified-date column: the acceptance date fills it"),
    "nothing_to_report": ("“无隐患”行：不作为隐患导入，计为该乡镇本月已报送",
                          "'no hazards' rows: not loaded as hazards, counted as a report received"),
    "nothing_visit": ("“无隐患”行写明了单位和日期：计为一次检查（未发现隐患）",
                      "'no hazards' rows naming a unit and a date: stored as inspection visits that found nothing"),
    "nothing_no_visit_date": ("“无隐患”行写了单位，但没有可识别的具体日期（只写月份、未写或无法识别）：未计为检查，"
                              "补上检查日期后重新导入即可",
                              "'no hazards' rows naming a unit but no readable day (a month only, blank or "
                              "unreadable): not counted as visits; add the inspection date and load again"),
}

# --- why a 无隐患 row that is not a hazard is not a visit either (etl.nothing_visits; the reading report) ---

NOT_A_VISIT: dict[str, tuple[str, str]] = {
    "no_unit": ("未写单位名称（只计为已报送）", "no unit named (only a report received)"),
    "no_date": ("未写检查日期", "no inspection date"),
    "month_only": ("只写了月份，没有具体日期（不推测日期）", "a month only, no day (no day is guessed)"),
    "bad_date": ("日期无法识别", "date not readable"),
    "no_town": ("无法确定乡镇", "town unknown"),
    "unclear_code": ("行业领域或检查方式是无法解释的代码", "a sector or method code nobody explains"),
}


@dataclass(frozen=True)
class Notice:
    """One kind of warning of one sheet: its code and parameters; counted, with examples."""

    code: str
    params: tuple[tuple[str, Any], ...] = ()
    sheet: str = ""

    def text(self, lang: str = "zh") -> str:
        zh, en = WARNINGS[self.code]
        return (en if lang == "en" else zh).format(**dict(self.params))


@dataclass
class NoticeLine:
    """A notice with how many rows it touched and up to three example values."""

    notice: Notice
    count: int
    examples: list[str]

    @property
    def code(self) -> str:
        return self.notice.code

    def text(self, lang: str = "zh") -> str:
        head = self.notice.text(lang)
        if self.notice.code in COUNTLESS:
            return head
        if lang == "en":
            ex = f" (e.g. {', '.join(self.examples[:3])})" if self.examples else ""
            return f"{head}: {self.count} rows{ex}"
        ex = f"（如：{'、'.join(self.examples[:3])}）" if self.examples else ""
        return f"{head}：{self.count} 行{ex}"


# file-level notices whose count means nothing to a reader
COUNTLESS = {"town_flag_conflict", "month_flag_conflict", "month_from_latest_date", "month_defaulted",
             "department_from_supervisor", "level_from_title", "level_by_legend", "level_codes_1_2",
             "town_from_context", "sector_from_sheet", "departments_config"}
