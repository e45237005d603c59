"""Strings of the 考核通报 scorecard, 会商清单 and 下月检查计划 pages. (zh, en) pairs."""

STRINGS = {
    "page.scorecard": ("考核通报", "Scorecard"),
    "score.title": ("考核通报：乡镇和部门月度排名", "Scorecard: monthly ranking of towns and departments"),
    "score.intro": (
        "按 config/scorecard.toml 中的指标、权重和红黄绿线，对各乡镇（街道）和县级部门逐月打分排名。"
        "每月按截至该月的近 {window} 个月发现的隐患和开展的检查计算，状态截至该月月末。"
        "选中表格中的一行，可查看该单位每项指标背后的明细。",
        "Towns and county departments scored and ranked month by month on the indicators, weights and "
        "red/amber/green lines of config/scorecard.toml. Each month covers the hazards found and visits made "
        "in the {window} months ending it, with status at the month's end. Select a row to see the rows "
        "behind each figure.",
    ),
    "score.month": (
        "考核月份：{month}（统计 {start} 至 {end}，状态截至 {asof}）",
        "Scorecard month: {month} (window {start} – {end}, status as of {asof})",
    ),
    "score.filters_note": (
        "侧栏筛选（乡镇、行业、部门、等级）同样作用于排名的每一项数字。",
        "The sidebar filters (towns, sectors, departments, level) apply to every figure of the ranking.",
    ),
    "score.tab.town": ("乡镇（街道）", "Towns"),
    "score.tab.department": ("县级部门", "Departments"),
    "score.col.rank": ("排名", "Rank"),
    "score.col.unit": ("单位", "Unit"),
    "score.col.total": ("总分", "Score"),
    "score.col.change": ("较上月", "vs last month"),
    "score.col.flag": ("提示", "Flag"),
    "score.col.verified_date": ("验收日期", "Accepted on"),
    "score.flag.interview": ("建议约谈", "Interview advised"),
    "score.flag.bottom": ("末位", "Bottom"),
    "score.change.up": ("↑{n}", "↑{n}"),
    "score.change.down": ("↓{n}", "↓{n}"),
    "score.change.same": ("—", "—"),
    "score.change.new": ("新", "new"),
    "score.unranked": ("本月无数据", "No figures"),
    "score.band.green": ("✓", "✓"),
    "score.band.amber": ("△", "△"),
    "score.band.red": ("✗", "✗"),
    "score.legend": (
        "✓ 达标（绿）　△ 关注（黄）　✗ 未达标（红），红黄绿线见 config/scorecard.toml。“—”表示该月没有可计算的数字，"
        "不计入总分；验收销号率只对台账记录了验收信息的单位计算。排名相同表示总分相同。",
        "✓ on target (green) · △ watch (amber) · ✗ below target (red); lines in config/scorecard.toml. '—' = no figure that "
        "month; it does not count towards the score. The acceptance rate counts only for units whose ledgers "
        "record acceptance. Equal ranks mean equal scores.",
    ),
    "score.interview": (
        "建议约谈（连续 {n} 个月排名末位）：{names}",
        "Interview advised (bottom {n} months running): {names}",
    ),
    "score.no_interview": (
        "本月没有连续 {n} 个月排名末位的单位。",
        "No unit has been at the bottom {n} months running.",
    ),
    "score.none": ("当前筛选下没有可排名的单位。", "No unit can be ranked under the current filters."),
    "score.history": ("近12个月排名变化", "Rank over 12 months"),
    "score.history.y": ("排名（1 = 最好）", "Rank (1 = best)"),
    "score.drill.pick": ("查看明细：先在上表选中一个单位", "Rows behind a figure: select a unit in the table above"),
    "score.drill.indicator": ("指标", "Indicator"),
    "score.drill.title": ("{unit} · {indicator} · {month}：{value}", "{unit} · {indicator} · {month}: {value}"),
    "score.drill.none": ("该项没有明细行。", "No rows behind this figure."),
    "score.drill.more": ("仅显示前 {n} 行，共 {total} 行。", "Showing the first {n} of {total} rows."),
    "score.drill.reported": ("已报送月份：{yes}；未报送：{no}", "Months reported: {yes}; missing: {no}"),
    "score.export.title": ("{month}考核通报（{kind}）", "Scorecard {month} ({kind})"),
    "score.cfg.problem": ("考核设置有误：{text}", "Scorecard settings: {text}"),
    "score.left_out.no_registry": (
        "尚未导入监管对象名录，“红橙单位检查覆盖率”不参与本次考核。",
        "No registry has been loaded: the red/orange coverage indicator is left out.",
    ),
    "score.left_out.no_verification": (
        "台账中还没有验收（复查/销号）信息，“验收销号率”不参与本次考核。",
        "The ledgers carry no acceptance (验收) data yet: the acceptance rate is left out.",
    ),
    "score.left_out.no_inspections": (
        "尚未导入检查记录，“零发现检查占比”不参与本次考核。",
        "No inspection logs have been loaded: the zero-finding share is left out.",
    ),
    "score.ind.reported": ("报送率", "Reporting"),
    "score.ind.rect_rate": ("整改率", "Rectified"),
    "score.ind.ontime_rate": ("按期整改率", "On time"),
    "score.ind.overdue_major": ("逾期重大隐患", "Overdue major"),
    "score.ind.verified_rate": ("验收销号率", "Accepted"),
    "score.ind.high_risk_inspected": ("红橙单位检查覆盖率", "Red/orange visited"),
    "score.ind.zero_find_share": ("零发现检查占比", "Zero-finding visits"),
    "score.ind.repeat_rate": ("整改后复发率", "Repeat after fix"),
    "score.ind.overdue_share": ("逾期占比", "Overdue share"),
    "score.help.reported": (
        "窗口内各月隐患台账是否报来：已报月数 ÷ 应报月数。",
        "Months of the window whose hazard ledger came in ÷ months.",
    ),
    "score.help.rect_rate": (
        "窗口内发现的隐患中，月末前已整改的比例。",
        "Hazards found in the window rectified by month end.",
    ),
    "score.help.ontime_rate": ("到期隐患中按期整改的比例。", "Hazards due by month end rectified by their deadline."),
    "score.help.overdue_major": (
        "月末时已过整改期限仍未整改的重大隐患数（不论何时发现）。",
        "Major hazards open past their deadline at month end, whenever found.",
    ),
    "score.help.verified_rate": ("已整改隐患中已验收销号的比例。", "Rectified hazards that were checked and accepted."),
    "score.help.high_risk_inspected": (
        "名录中红、橙风险单位在窗口内被监督检查过的比例。",
        "Red/orange registry units with a supervisory visit in the window.",
    ),
    "score.help.zero_find_share": (
        "监督检查（不含企业自查）中未发现任何隐患的比例，过高可能宽松软虚。只计检查记录中的检查：隐患台账的“无隐患”记录"
        "都是零发现，而台账中查出隐患的检查并不成为检查记录，计入会使报“无隐患”的单位显得更宽松。",
        "Supervisory visits that found nothing; a high share may mean lax checks. Inspection logs’ visits only: a "
        "hazard ledger’s “no hazards” rows all found nothing while its visits that found hazards are no visit "
        "records, so counting them would make units that report “no hazards” look laxer.",
    ),
    "score.zero_ledger": (
        "本月考核窗口内另有 {n} 次检查来自隐患台账的“无隐患”记录，不计入“零发现检查占比”。",
        "Another {n} visits in this month’s window are hazard ledgers’ “no hazards” rows, not counted in the "
        "zero-finding share.",
    ),
    "score.zero_ledger.unit": (
        "另有 {n} 次检查来自隐患台账的“无隐患”记录，不计入此比例。",
        "Another {n} visits are hazard ledgers’ “no hazards” rows, not counted in this share.",
    ),
    "score.help.repeat_rate": (
        "同一单位同类隐患整改后 12 个月内再次出现的比例。",
        "Hazards found again at the same unit within 12 months of being fixed.",
    ),
    "score.help.overdue_share": (
        "部门负责的隐患中月末逾期未整改的比例（部门履职）。",
        "A department's hazards overdue at month end (follow-through).",
    ),
}

STRINGS |= {
    "page.plan": ("下月检查计划", "Inspection plan"),
    "plan.title": ("下月检查计划：按风险分级安排检查", "Next month's inspection plan, by risk"),
    "plan.intro": (
        "{month}的检查计划，依据截至 {asof} 的检查记录、隐患台账和监管对象名录：红、橙风险单位按频次到期、"
        "有重大隐患下月到期或已逾期、整改后复发、从未检查的单位，学校、消防、交通、建筑施工优先。"
        "频次和权重见 config/plan.toml。",
        "The plan for {month}, from the inspection logs, ledgers and registry up to {asof}: units due a visit by "
        "their risk colour, with a major hazard due next month or overdue, with repeat hazards, or never "
        "inspected; schools, fire, traffic and construction first. Frequencies and weights: config/plan.toml.",
    ),
    "plan.cfg.problem": ("检查计划设置有误：{text}", "Plan settings: {text}"),
    "plan.no_registry": (
        "尚未导入监管对象名录：无法按风险等级安排频次，下表只列出有重大隐患或复发隐患的单位。",
        "No registry loaded: visits cannot be planned by risk colour; the list holds only units with major "
        "or repeat hazards.",
    ),
    "plan.kpi.freq": ("高风险单位检查频次达标率", "High-risk units visited often enough"),
    "plan.kpi.freq.help": (
        "名录中红、橙风险单位，近12个月（截至{month}）监督检查次数达到每年应查次数（红{red}次、橙{orange}次）的比例。",
        "Red/orange registry units whose supervisory visits in the 12 months to {month} reach their yearly "
        "number (red {red}, orange {orange}).",
    ),
    "plan.kpi.listed": ("下月计划检查单位", "Units to visit next month"),
    "plan.kpi.key": ("其中重点行业", "of which key sectors"),
    "plan.kpi.majors": ("有重大隐患到期或逾期的单位", "Units with a major hazard due or overdue"),
    "plan.freq.title": ("高风险单位检查频次达标率", "High-risk units visited often enough"),
    "plan.freq.by": ("分组", "By"),
    "plan.dim.town": ("乡镇（街道）", "Town"),
    "plan.dim.department": ("监管部门", "Department"),
    "plan.dim.sector": ("行业领域", "Sector"),
    "plan.col.key": ("分组", "Group"),
    "plan.col.units": ("红橙单位数", "Red/orange units"),
    "plan.col.meets": ("频次达标", "Visited often enough"),
    "plan.col.rate": ("达标率", "Rate"),
    "plan.list.title": ("{month}检查计划清单", "Inspection list for {month}"),
    "plan.list.order": ("排列", "Order"),
    "plan.order.priority": ("按优先级", "By priority"),
    "plan.order.department": ("按部门", "By department"),
    "plan.order.town": ("按乡镇", "By town"),
    "plan.list.none": ("下月没有需要安排的检查。", "No visit needs planning next month."),
    "plan.col.priority": ("优先级", "Priority"),
    "plan.col.unit": ("单位", "Unit"),
    "plan.col.risk": ("风险等级", "Risk"),
    "plan.col.reasons": ("列入原因", "Why"),
    "plan.col.last_visit": ("上次监督检查", "Last supervisory visit"),
    "plan.col.visits": ("近12个月检查次数", "Visits in 12 months"),
    "plan.col.registered": ("是否在名录", "In the registry"),
    "plan.yes": ("是", "yes"),
    "plan.no": ("否（未登记）", "no (unregistered)"),
    "plan.never": ("从未", "never"),
    "plan.reason.overdue_major": ("重大隐患逾期未整改 {n} 项", "{n} major hazard(s) overdue"),
    "plan.reason.major_due": ("重大隐患整改期限在下月 {n} 项", "{n} major hazard(s) due next month"),
    "plan.reason.risk_due": ("{risk}风险单位，每年应查 {per} 次，{last}", "{risk} unit, {per} visits a year, {last}"),
    "plan.reason.risk_due.last": ("上次检查 {date}", "last visit {date}"),
    "plan.reason.risk_due.never": ("尚无检查记录", "no visit on record"),
    "plan.reason.never_inspected": ("名录内单位，从未有监督检查记录", "registry unit never inspected"),
    "plan.reason.repeat": ("近12个月隐患整改后复发 {n} 次", "{n} repeat hazard(s) in 12 months"),
    "plan.risk.red": ("红色", "Red"),
    "plan.risk.orange": ("橙色", "Orange"),
    "plan.risk.yellow": ("黄色", "Yellow"),
    "plan.risk.blue": ("蓝色", "Blue"),
    "plan.risk._none": ("未分级", "Not graded"),
}

STRINGS |= {
    "page.blindspots": ("会商清单", "Blind spots to settle"),
    "blind.title": ("会商清单：监管盲区与责任待明确事项", "Blind spots to settle: who owns what"),
    "blind.intro": (
        "把需要在安委会会商中明确责任的事项列在一起：台账或检查记录中出现、但不在监管对象名录里的单位（可能无证无照）；"
        "按“三管三必须”（config/responsibilities.toml）没有牵头部门的行业和单位类型；责任部门与行业牵头部门不一致的隐患；"
        "没有责任部门的隐患和单位。下载会商清单，会上填写“会商意见”。",
        "Everything the safety committee must settle: units in ledgers or inspection logs but not in the registry "
        "(possibly unlicensed); sectors and unit types with no lead department under 三管三必须 "
        "(config/responsibilities.toml); hazards owned by a department that is not the sector's lead; hazards and "
        "units with no department. Download the list and fill in the agreed owner at the meeting.",
    ),
    "blind.cfg.problem": ("三管三必须设置有误：{text}", "Responsibility settings: {text}"),
    "blind.download": ("下载会商清单（Excel）", "Download the list (Excel)"),
    "blind.download.title": ("安委会会商清单", "Blind spots to settle"),
    "blind.download.count": ("会商清单共 {n} 项。", "{n} items to settle."),
    "blind.unreg.title": ("未在名录中的单位", "Units not in the registry"),
    "blind.unreg.explain": (
        "同一乡镇内按规范化名称（去空格、标点、全半角）比对名录；名称相近的名录单位列为候选，请人工确认是否为同一单位。",
        "Matched on the normalised name (spaces, punctuation and width ignored) within the town; registry units "
        "with a close name are shown as candidates for a person to confirm.",
    ),
    "blind.unreg.none": (
        "台账和检查记录中的单位都在名录中。",
        "Every unit in the ledgers and logs is in the registry.",
    ),
    "blind.unreg.no_registry": (
        "尚未导入监管对象名录，无法比对。",
        "No registry has been loaded: nothing to match against.",
    ),
    "blind.unreg.towns_without": (
        "以下乡镇还没有名录，其单位未参与比对：{towns}",
        "These towns have no registry; their units were not matched: {towns}",
    ),
    "blind.col.hazards": ("隐患数", "Hazards"),
    "blind.col.open": ("未整改", "Open"),
    "blind.col.visits": ("检查次数", "Visits"),
    "blind.col.last_seen": ("最近出现", "Last seen"),
    "blind.col.candidates": ("相近的名录单位（相似度）", "Close registry names (similarity)"),
    "blind.matrix.title": ("三管三必须：行业牵头部门", "三管三必须: lead department by sector"),
    "blind.matrix.explain": (
        "牵头部门来自 config/responsibilities.toml；“配合部门”负责的隐患不算不一致；乡镇安监站等属地单位不算不一致。",
        "Lead departments come from config/responsibilities.toml; hazards owned by a listed partner department or "
        "by a town's own body are not counted as mismatches.",
    ),
    "blind.col.lead": ("牵头部门", "Lead department"),
    "blind.col.also": ("配合部门", "Partner departments"),
    "blind.col.units": ("名录单位", "Registry units"),
    "blind.col.hazards_no_owner": ("无责任部门的隐患", "Hazards with no department"),
    "blind.col.units_no_owner": ("无监管部门的单位", "Units with no department"),
    "blind.col.mismatch": ("部门不一致的隐患", "Hazards with another department"),
    "blind.no_lead": ("（无牵头部门）", "(no lead department)"),
    "blind.mismatch.title": (
        "责任部门与行业牵头部门不一致",
        "Hazards owned by a department other than the sector's lead",
    ),
    "blind.mismatch.none": ("没有责任部门与牵头部门不一致的隐患。", "No hazard is owned by another department."),
    "blind.col.department_named": ("台账中的责任部门", "Department in the ledger"),
    "blind.types.title": ("不属于任何行业的单位类型", "Unit types outside every sector"),
    "blind.col.type": ("类型（原文）", "Type as written"),
    "blind.types.none": ("没有归入“其他”的单位类型。", "No unit type fell outside the sectors."),
    "blind.owner.title": ("没有责任部门的隐患和单位", "Hazards and units with no department"),
    "blind.owner.none": ("所有隐患和名录单位都有责任部门。", "Every hazard and registry unit has a department."),
    "blind.col.kind": ("事项", "Item"),
    "blind.kind.hazard": ("隐患无责任部门", "Hazards with no department"),
    "blind.kind.unit": ("名录单位无监管部门", "Registry unit with no department"),
}

STRINGS |= {
    "agree.title": ("会商明确：会上商定的责任部门", "Agreed at the meeting (会商明确)"),
    "agree.none": (
        "还没有导入会商意见。会后把填写了“会商意见”的会商清单导入即可。",
        "No agreed owners yet. After the meeting, load the list with its 会商意见 column filled in.",
    ),
    "agree.col.item": ("事项", "Item"),
    "agree.col.department": ("会商明确的责任部门", "Agreed department"),
    "agree.col.filled": ("补上责任部门的隐患", "Hazards now owned"),
    "agree.item.unit": ("单位", "Unit"),
    "agree.item.sector": ("行业", "Sector"),
    "agree.item.unit_type": ("单位类型", "Unit type"),
    "agree.item.mismatch": ("部门不一致", "Mismatch"),
    "agree.login": ("数据员登录后可导入会商意见。", "Analysts can load the agreed owners after logging in."),
    "agree.upload": ("导入会商意见（填写后的会商清单 .xlsx）", "Load the agreed owners (the filled-in list, .xlsx)"),
    "agree.load": ("导入", "Load"),
    "agree.too_big": ("这不是会商清单（文件为空或超过 5 MB）。", "This is not the list (empty or over 5 MB)."),
    "agree.done": (
        "已导入（上传 #{id}）：读取 {read} 行 = 导入 {loaded} + 拒绝 {rejected} + 非数据 {skipped}（标题、说明和未填写会商意见的行）。",
        "Loaded (upload #{id}): {read} rows read = {loaded} loaded + {rejected} rejected + {skipped} non-data "
        "(title, notes and rows without an agreed owner).",
    ),
    "agree.col.row": ("行号", "Row"),
    "agree.col.column": ("列", "Column"),
    "agree.col.value": ("原值", "Value"),
    "agree.col.reason": ("原因", "Reason"),
    "blind.col.agreed": ("会商明确", "Agreed owner"),
    "blind.owner.agreed": (
        "其中 {n} 项隐患台账未写责任部门、已由会商明确责任部门：列在表末，“会商明确”列写明商定的部门，不再计为无责任部门，也不再列入会商清单。",
        "{n} of these hazards, whose ledgers named no department, have an owner agreed at a 会商 meeting: listed "
        "last with the agreed department, no longer counted as unowned nor put on the meeting list.",
    ),
    "blind.matrix.agreed": (
        "表中 {n} 项隐患的责任部门由会商明确（台账未写），已计入商定的部门，不计为无责任部门。",
        "{n} hazards in this table have a department agreed at a 会商 meeting (their ledgers named none): "
        "counted under that department, not as unowned.",
    ),
}
