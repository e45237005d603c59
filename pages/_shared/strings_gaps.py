"""Strings of the supervision-gap page 监管盲区与薄弱环节 (pages/gaps.py). (zh, en) pairs."""

STRINGS = {
    "page.gaps": ("监管盲区与薄弱环节", "Supervision gaps"),
    "gaps.title": ("监管盲区与薄弱环节", "Supervision gaps and weak links"),
    "gaps.intro": (
        "把隐患台账、检查记录和监管对象名录放在一起看：哪些单位没人查、哪些隐患没人管、谁不按时报、谁查不出问题。"
        "点击图中的格子或柱条可按该项筛选本页（及其他页面）。",
        "Ledgers, inspection logs and the registry side by side: units nobody inspects, hazards nobody owns, "
        "who does not report, who finds nothing. Click a cell or bar to filter this page (and the others) by it.",
    ),
    # headline cards
    "gaps.kpi.coverage": ("检查覆盖率", "Inspection coverage"),
    "gaps.kpi.coverage.help": (
        "名录内单位中，本期至少被检查过一次的比例。",
        "Share of registry units inspected at least once in the period.",
    ),
    "gaps.kpi.never_high": ("未检查的红橙风险单位", "Red/orange units not inspected"),
    "gaps.kpi.no_owner": ("无责任部门的隐患", "Hazards with no department"),
    "gaps.kpi.no_owner.help": (
        "台账和会商都没有明确责任部门的隐患。另有 {n} 项台账未写责任部门的隐患已由会商明确责任部门，不计入。",
        "Hazards that neither their ledger nor a 会商 meeting gives a department. Another {n} hazards whose "
        "ledgers named none have an owner agreed at a 会商 and are not counted.",
    ),
    "gaps.kpi.missed": ("近12个月乡镇漏报（月次）", "Town reports missed (12 mo.)"),
    "gaps.kpi.zero_share": ("“零发现”检查占比", "Inspections finding nothing"),
    "gaps.kpi.zero_share.help": (
        "只计检查记录中的监督检查；另有 {n} 次检查来自隐患台账的“无隐患”记录，不计入此比例（见⑦）。",
        "Inspection logs’ supervisory visits only; another {n} visits are hazard ledgers’ “no hazards” rows, not "
        "counted in this share (see ⑦).",
    ),
    "gaps.kpi.repeat": ("反复出现的隐患", "Repeat hazards"),
    # data availability
    "gaps.no_registry": (
        "还没有导入监管对象名录（企业名录、生产经营单位清单），因此无法计算覆盖率和“从未检查”的单位。"
        "请先导入各乡镇或全县的名录，导入后刷新本页。",
        "No registry of supervised units has been loaded, so coverage and never-inspected units cannot be shown. "
        "Load the towns' or the county's registry, then refresh this page.",
    ),
    "gaps.no_inspections": (
        "所选时间范围内没有检查记录。请导入安全检查记录/执法检查台账，或放宽侧栏的时间范围。",
        "No inspection visits in the chosen period. Load inspection logs or widen the period in the sidebar.",
    ),
    "gaps.no_log_visits": (
        "所选时间范围内没有检查记录中的检查，无法计算每次检查发现多少隐患。隐患台账的“无隐患”记录（{n} 次）"
        "只说明检查过、未发现隐患，不计入这些比例；请导入安全检查记录/执法检查台账。",
        "No inspection-log visits in the chosen period, so nothing can be said per visit. Hazard ledgers’ “no "
        "hazards” rows ({n} visits) say a unit was visited and nothing found; they are not counted in these "
        "figures. Load inspection logs.",
    ),
    "gaps.registry_note": (
        "名录：{units} 家单位（最新名录月份 {month}）；本期检查记录 {n} 条。",
        "Registry: {units} units (latest registry {month}); {n} inspection visits in the period.",
    ),
    "gaps.registry_note.ledger": (
        "其中 {n} 条来自隐患台账的“无隐患”记录（计入覆盖率，不计入按次计算的比例）。",
        " Of them, {n} are hazard ledgers’ “no hazards” rows (counted for coverage, not in per-visit figures).",
    ),
    "gaps.rows_more": (
        "仅显示前 {n} 条，共 {total} 条；可导出或缩小筛选范围。",
        "Showing the first {n} of {total}; narrow the filters to see the rest.",
    ),
    "gaps.drill": ("查看明细", "Show the rows"),
    # 1 coverage
    "gaps.cov.title": ("① 检查覆盖率：乡镇 × 行业", "① Inspection coverage: town × sector"),
    "gaps.cov.explain": (
        "每格 = 该乡镇该行业名录内单位中，本期至少被检查一次的比例（括号内为已查/单位数）。"
        "红框格子有单位却一次也没查过，是监管盲区。企业自查不计为检查。",
        "Each cell = share of the registry units of that town and sector inspected at least once in the period "
        "(inspected/units). Cells framed in red have units but no inspection at all: blind spots. A unit's own self-inspection does not count.",
    ),
    "gaps.cov.colorbar": ("覆盖率", "Coverage"),
    "gaps.cov.hint": (
        "点击格子可同时筛选该乡镇和行业，下方“从未检查”名单随之缩小。",
        "Click a cell to filter by that town and sector; the never-inspected list below narrows with it.",
    ),
    # 2 never inspected
    "gaps.never.title": ("② 本期从未检查的单位（高风险在前）", "② Units not inspected in the period (high risk first)"),
    "gaps.never.explain": (
        "名录内本期没有任何检查记录的单位，按风险等级（红、橙、黄、蓝）和未整改隐患数排序。"
        "计为“检查”的是上级督查、县级部门、乡镇（街道）的检查，以及未写明检查单位的检查；"
        "企业自查（检查方式为“自查”）不计为检查，单列为“最近一次企业自查”供参考。"
        "“最近一次监管检查”可能早于本期；为“从未检查”表示没有任何监管检查记录。"
        "隐患台账中写明单位和检查日期的“无隐患”行也计为一次检查（未发现隐患）。",
        "Registry units with no inspection visit in the period, by risk level (red, orange, yellow, blue) and open "
        "hazards. Visits that count as inspections: by higher-level supervision, county departments, towns, and "
        "visits whose inspecting body is not stated; a unit’s own self-inspection (method “self”) does not count "
        "and is shown apart as “last self-inspection”. “Last supervisory inspection” may predate the period; "
        "“Never” means no supervisory visit on record. A hazard ledger’s “no hazards” row naming a unit and a "
        "date counts as a visit that found nothing.",
    ),
    "gaps.never.summary": (
        "共 {total} 家名录单位本期未被检查，其中红色、橙色（较大及以上风险）{high} 家。",
        "{total} registry units were not inspected in the period, {high} of them red or orange (high risk).",
    ),
    "gaps.never.none": (
        "名录内的单位本期都至少被检查过一次。",
        "Every registry unit was inspected at least once in the period.",
    ),
    # 3 no owner
    "gaps.owner.title": ("③ 没有责任部门的隐患和单位（按行业）", "③ Hazards and units with no department, by sector"),
    "gaps.owner.explain": (
        "台账未写明责任部门的隐患、名录未写明监管部门的单位：这些事没有部门盯，容易成为“三不管”。",
        "Hazards whose ledger names no responsible department and units with no supervising department: "
        "nobody is on the hook for them.",
    ),
    "gaps.owner.hazards": ("无责任部门的隐患", "Hazards, no department"),
    "gaps.owner.units": ("无监管部门的单位", "Units, no department"),
    "gaps.owner.axis": ("数量", "Count"),
    "gaps.owner.none": ("所有隐患和名录单位都写明了责任部门。", "Every hazard and registry unit names a department."),
    "gaps.owner.kind.hazard": ("隐患", "Hazard"),
    "gaps.owner.kind.unit": ("名录单位", "Registry unit"),
    "gaps.follow.agreed": (
        "其中 {n} 项隐患台账未写责任部门、由会商明确了责任部门：已计入商定的部门，部门筛选同样按此（会商结果见③和会商清单）。",
        "{n} of these hazards, whose ledgers named no department, count under the department agreed at a 会商 "
        "meeting, as they do in the department filter (the agreements are in ③ and on the 会商清单 page).",
    ),
    "gaps.owner.agreed": (
        "另有 {n} 项隐患台账未写责任部门、已由会商明确责任部门（见会商清单），不再计为无责任部门。",
        "Another {n} hazards whose ledgers named no department have an owner agreed at a 会商 meeting (see the "
        "会商清单 page) and are no longer counted as unowned.",
    ),
    # 4 reporting
    "gaps.rep.title": (
        "④ 报送纪律：近 12 个月应报、已报、未报",
        "④ Reporting discipline: due, sent and missed, last 12 months",
    ),
    "gaps.rep.explain": (
        "乡镇每月应报隐患台账，县级部门每月应报检查记录。红色格子 = 当月未报；排在最上面的漏报最多。截至日期所在月份未结束的不计入。",
        "Towns owe a hazard ledger and county departments an inspection log every month. Red = not sent that month; "
        "the most-missed are on top. A month still running at the as-of date is not yet due.",
    ),
    "gaps.rep.towns": ("乡镇（街道）隐患台账", "Towns: hazard ledgers"),
    "gaps.rep.depts": ("县级部门检查记录", "County departments: inspection logs"),
    "gaps.rep.sent": ("已报", "Sent"),
    "gaps.rep.missing": ("未报", "Missed"),
    "gaps.rep.sent_nolog": ("已报台账（无检查记录）", "Ledger sent (no inspection log)"),
    "gaps.rep.hint": ("点击某一行可按该乡镇或部门筛选。", "Click a row to filter by that town or department."),
    "gaps.rep.none": (
        "所有乡镇和部门近 12 个月都按月报送。",
        "Every town and department reported every month of the last 12.",
    ),
    "gaps.rep.summary": (
        "{towns} 个乡镇共漏报 {town_missed} 个月次，{depts} 个县级部门共漏报 {dept_missed} 个月次（{first} 至 {last}）。",
        "{towns} towns missed {town_missed} monthly reports and {depts} county departments {dept_missed} ({first} – {last}).",
    ),
    "gaps.rep.no_data": ("还没有任何报送记录。", "Nothing has been reported yet."),
    # 5 follow-through
    "gaps.follow.title": ("⑤ 部门整改落实（三管三必须）", "⑤ Follow-through by department"),
    "gaps.follow.explain": (
        "各责任部门名下隐患的整改率，竖虚线为全县平均；红色柱条低于全县平均。表中另列逾期未整改和整改用时中位数。",
        "Rectification rate of the hazards each department owns; the dashed line is the county average, red bars "
        "are below it. The table adds overdue hazards and the median days to rectify.",
    ),
    "gaps.follow.avg": ("全县平均 {v}", "County {v}"),
    "gaps.follow.axis": ("整改率（%）", "Rectification rate (%)"),
    "gaps.follow.bar_text": ("{rate}｜逾期 {overdue}｜中位 {days}", "{rate} | overdue {overdue} | median {days}"),
    "gaps.follow.bar_agreed": ("｜会商明确 {n}", " | agreed at a 会商 {n}"),
    "gaps.follow.county": ("全县", "County"),
    # 6 levels
    "gaps.levels.title": ("⑥ 层层递减：不同层级检查发现问题的能力", "⑥ Weakening down the levels"),
    "gaps.levels.explain": (
        "按检查主体分层：上级督查、县级部门、乡镇（街道）、村（社区）、单位自查。若重大隐患主要靠上级督查才查出来，说明压力没有传导到基层；右图为各层级所查隐患的整改率。",
        "Visits by who inspected: higher-level supervision, county departments, towns, villages, units themselves. When major "
        "hazards are found mostly by higher levels, pressure is not reaching the ground; right: rectification rate "
        "of the hazards each level found.",
    ),
    "gaps.levels.chain": (
        "逐级比较（每次检查发现隐患数）：{pairs}。不超过上一级 {share} 的标 ▼，即层层递减，与会议材料和投屏同一规则"
        "（两级检查均不少于 {n} 次才比较）。",
        "Level against level (hazards found per visit): {pairs}. ▼ marks a level finding {share} or less of the level "
        "above, as in the briefing pack and the slide show (compared only when both levels had {n} visits or more).",
    ),
    "gaps.levels.pair": ("{lower}为{upper}的 {share}", "{lower} {share} of {upper}"),
    "gaps.levels.rule": (
        "层级判定：检查方式为“督查”或检查单位为市/省级（市场监管局、市政等县属部门除外）、督查组 → 上级督查；“企业自查” → 单位自查；检查单位为村、社区、"
        "村（居）委会或网格员、村安全员（如“桃花村村委会”“城关镇桃花村”）→ 村（社区）；检查单位以乡镇（街道）名开头 → 乡镇；"
        "其他写明的部门 → 县级部门；未写检查单位 → 未注明。",
        "Level rule: method 督查 or a city/province body (not the county's 市场监管局 or 市政 bodies) or 督查组 → higher; 企业自查 → self; a village, a 社区, its "
        "committee or a grid worker (桃花村村委会, 城关镇桃花村) → village; a body named after a town → town; any other "
        "named department → county; no department → not given.",
    ),
    "gaps.levels.ledger_visits": (
        "另有 {n} 次检查来自隐患台账的“无隐患”记录，不计入各层级的检查次数和每次检查发现隐患数（见表中“未计入的"
        "台账无隐患检查”）。",
        "Another {n} visits are hazard ledgers’ “no hazards” rows, not counted in each level’s visits and hazards per "
        "visit (see “Ledger no-hazard visits left out” in the table).",
    ),
    "gaps.levels.per_insp": ("每次检查发现隐患（项）", "Hazards per visit"),
    "gaps.levels.major_per_100": ("每百次检查发现重大隐患（项）", "Major hazards per 100 visits"),
    "gaps.levels.rect_rate": ("所查隐患整改率", "Rectification rate"),
    "gaps.levels.pick": ("查看该层级的检查记录", "Show the visits of"),
    "gaps.levels.hint": ("点击柱条查看该层级的检查记录。", "Click a bar to list that level's visits."),
    "gaps.level.higher": ("上级督查", "Higher-level"),
    "gaps.level.county": ("县级部门", "County depts"),
    "gaps.level.town": ("乡镇（街道）", "Towns"),
    "gaps.level.village": ("村（社区）", "Villages"),
    "gaps.level.self": ("单位自查", "Self-inspection"),
    "gaps.level.unknown": ("未注明", "Not given"),
    # 7 enforcement
    "gaps.enf.title": ("⑦ 执法检查力度（宽松软虚）", "⑦ Enforcement strength"),
    "gaps.enf.explain": (
        "“零发现”= 一次检查一个隐患也没查出。某个检查组、部门或方式的零发现比例远高于全县，往往是走过场。不含单位自查。"
        "本节各项比例只计检查记录中的检查：隐患台账中写明单位和检查日期的“无隐患”行虽计为一次检查（覆盖率、"
        "“从未检查”的单位都算它），但台账中查出隐患的检查并不成为检查记录，把“无隐患”行算进来会让报送它的乡镇显得"
        "更宽松，所以不计入这些比例，只说明有多少次。",
        "A “zero” visit found no hazard at all. A team, department or method far above the county's zero share is "
        "often going through the motions. Self-inspections excluded. Every figure here counts inspection logs’ "
        "visits only: a hazard ledger’s “no hazards” row naming a unit and a date is a visit (coverage and "
        "never-inspected units count it), but the same ledger’s visits that found hazards are no visit records, "
        "so counting those rows would make the towns that write them look laxer; they are left out and counted.",
    ),
    "gaps.enf.kpi.zero": ("零发现检查占比", "Visits finding nothing"),
    "gaps.enf.ledger_visits": (
        "另有 {n} 次检查来自隐患台账的“无隐患”记录，不计入本节的比例和次数（台账中查出隐患的检查不成为检查记录，"
        "计入会使零发现占比偏高）。",
        "Another {n} visits are hazard ledgers’ “no hazards” rows, not counted in this section’s figures (a "
        "ledger’s visits that found hazards are no visit records, so counting them would push the zero share up).",
    ),
    "gaps.enf.kpi.per_100": ("每百次检查发现隐患（项）", "Hazards per 100 visits"),
    "gaps.enf.kpi.penalty": ("查出重大隐患后予以处罚的比例", "Major-hazard visits with a penalty"),
    "gaps.enf.kpi.unannounced": ("四不两直检查占比", "Unannounced (四不两直) share"),
    "gaps.enf.dim": ("按", "By"),
    "gaps.enf.dim.inspectors": ("检查组（检查人员）", "Inspector team"),
    "gaps.enf.dim.department": ("检查部门", "Inspecting department"),
    "gaps.enf.dim.method": ("检查方式", "Method"),
    "gaps.enf.chart": (
        "零发现检查占比最高的{dim}（至少 {n} 次检查）",
        "Highest zero-finding share by {dim} (≥ {n} visits)",
    ),
    "gaps.enf.axis": ("零发现检查占比（%）", "Visits finding nothing (%)"),
    "gaps.enf.bar_text": ("{share}（{zero}/{n} 次）", "{share} ({zero}/{n})"),
    "gaps.enf.avg": ("全县 {v}", "County {v}"),
    "gaps.enf.pick": ("查看检查记录", "Show the visits of"),
    "gaps.enf.hint": ("点击柱条查看该项的检查记录。", "Click a bar to list its visits."),
    "gaps.enf.none": ("检查次数足够的{dim}都不多于 {n} 次，暂不排名。", "No {dim} has enough visits to rank."),
    "gaps.enf.zero_only": ("只看零发现的检查", "Only visits that found nothing"),
    # 8 repeat
    "gaps.rep8.title": ("⑧ 反复出现的隐患（整改不到位）", "⑧ Repeat hazards (fixes that did not hold)"),
    "gaps.rep8.explain": (
        "同一单位的同一问题（隐患描述相同）在报告整改后 12 个月内再次被查出，说明整改不到位。柱条为各行业本期的反复隐患数，括号内为占该行业隐患的比例。",
        "The same problem (same description) at the same unit found again within 12 months of being reported fixed. "
        "Bars: repeat hazards found in the period by sector, with their share of the sector's hazards.",
    ),
    "gaps.rep8.axis": ("反复出现的隐患（项）", "Repeat hazards"),
    "gaps.rep8.units": ("反复出现隐患最多的单位", "Units with the most repeat hazards"),
    "gaps.rep8.none": ("本期没有发现反复出现的隐患。", "No repeat hazards were found in the period."),
    "gaps.rep8.rows": ("每条反复隐患及其上一次", "Each repeat beside its earlier occurrence"),
    "gaps.rep8.bar_text": ("{n}（{share}）", "{n} ({share})"),
    # chart titles (the section heading above says what the analysis is; these say what is measured)
    "gaps.cov.chart": ("名录单位中本期至少检查一次的比例", "Registry units inspected at least once"),
    "gaps.owner.chart": (
        "未写明部门的隐患（括号内为占本行业隐患的比例）和名录单位",
        "Hazards (share of the sector) and units with no department",
    ),
    "gaps.follow.chart": (
        "各部门负责隐患的整改率（条内：整改率｜逾期｜整改用时中位数）",
        "Rectification rate of each department's hazards",
    ),
    "gaps.levels.chart": ("按检查层级：发现隐患的能力与整改率", "By level: what visits find, and how much gets fixed"),
    "gaps.rep8.chart": ("各行业反复出现的隐患（项，括号内为占比）", "Repeat hazards by sector (share)"),
    "gaps.rep.legend": ("绿＝已报　红＝未报　括号内为未报月数", "Green = sent, red = missed; (months missed)"),
    # columns
    "gaps.col.town": ("乡镇（街道）", "Town"),
    "gaps.col.sector": ("行业领域", "Sector"),
    "gaps.col.entity": ("单位名称", "Unit"),
    "gaps.col.department": ("监管/责任部门", "Department"),
    "gaps.col.insp_department": ("检查部门", "Inspecting department"),
    "gaps.col.credit_code": ("统一社会信用代码", "Credit code"),
    "gaps.col.risk": ("风险等级", "Risk level"),
    "gaps.col.last_supervisory": ("最近一次监管检查", "Last supervisory inspection"),
    "gaps.col.last_self": ("最近一次企业自查（不计）", "Last self-inspection (not counted)"),
    "gaps.col.hazards_on_record": ("历史隐患（项）", "Hazards on record"),
    "gaps.col.open_hazards": ("未整改隐患（项）", "Open hazards"),
    "gaps.col.units": ("名录单位", "Units"),
    "gaps.col.inspected": ("已检查", "Inspected"),
    "gaps.col.uninspected": ("未检查", "Not inspected"),
    "gaps.col.coverage": ("覆盖率", "Coverage"),
    "gaps.col.kind": ("类别", "Kind"),
    "gaps.col.description": ("隐患描述", "Description"),
    "gaps.col.level": ("隐患等级", "Level"),
    "gaps.col.found_date": ("发现日期", "Found"),
    "gaps.col.status": ("状态", "Status"),
    "gaps.col.reporter": ("报送单位", "Reporter"),
    "gaps.col.missed": ("未报月数", "Months missed"),
    "gaps.col.missed_months": ("未报月份", "Months missed"),
    "gaps.col.last_reported": ("最近一次报送", "Last report"),
    "gaps.col.total": ("隐患数", "Hazards"),
    "gaps.col.rect_rate": ("整改率", "Rect. rate"),
    "gaps.col.vs_county": ("与全县平均相比", "vs county"),
    "gaps.col.overdue": ("逾期未整改", "Overdue"),
    "gaps.col.major_total": ("重大隐患", "Major"),
    "gaps.col.days_median": ("整改用时中位数（天）", "Median days to rectify"),
    "gaps.col.agreed": ("其中会商明确", "Of which agreed at a 会商"),
    "gaps.col.who_level": ("检查层级", "Level"),
    "gaps.col.inspections": ("检查次数", "Visits"),
    "gaps.col.ledger_visits": ("未计入的台账无隐患检查", "Ledger no-hazard visits left out"),
    "gaps.col.hazards_found": ("发现隐患", "Hazards found"),
    "gaps.col.major_found": ("其中重大", "Of which major"),
    "gaps.col.per_insp": ("每次发现", "Per visit"),
    "gaps.col.major_per_100": ("每百次重大", "Major per 100"),
    "gaps.col.hazards": ("所查隐患", "Hazards attributed"),
    "gaps.col.major_rect_rate": ("重大隐患整改率", "Major rect. rate"),
    "gaps.col.date": ("检查日期", "Date"),
    "gaps.col.method": ("检查方式", "Method"),
    "gaps.col.inspectors": ("检查人员", "Inspectors"),
    "gaps.col.source": ("来源", "Source"),
    "gaps.source.inspection": ("检查记录", "Inspection log"),
    "gaps.source.hazard": ("隐患台账“无隐患”行", "Ledger “no hazards” row"),
    "gaps.col.penalty": ("罚款（元）", "Penalty (yuan)"),
    "gaps.col.key": ("名称", "Name"),
    "gaps.col.zero_found": ("零发现次数", "Zero visits"),
    "gaps.col.zero_share": ("零发现占比", "Zero share"),
    "gaps.col.repeats": ("反复隐患（项）", "Repeats"),
    "gaps.col.kinds": ("问题种类", "Kinds"),
    "gaps.col.examples": ("反复出现的问题（举例）", "Repeated problems (examples)"),
    "gaps.col.last_found": ("最近发现", "Last found"),
    "gaps.col.open_repeats": ("仍未整改", "Still open"),
    "gaps.col.prev_found": ("上次发现", "Earlier found"),
    "gaps.col.prev_rectified": ("上次整改完成", "Earlier fixed"),
    "gaps.col.days_since": ("整改后多少天再现", "Days after fix"),
    "gaps.col.repeat_share": ("反复比例", "Repeat share"),
    "gaps.col.units_with_repeat": ("涉及单位", "Units"),
    "gaps.risk.red": ("红（重大风险）", "Red (major)"),
    "gaps.risk.orange": ("橙（较大风险）", "Orange (high)"),
    "gaps.risk.yellow": ("黄（一般风险）", "Yellow (moderate)"),
    "gaps.risk.blue": ("蓝（低风险）", "Blue (low)"),
    "gaps.risk._none": ("未定级", "Not graded"),
    "gaps.never_on_record": ("从未检查", "Never"),
    "gaps.no_self_on_record": ("无", "None"),
}
