"""Strings of the shared scope: headline month, reporting completeness, card scope lines. (zh, en) pairs."""

STRINGS = {
    "scope.running_end": (
        "{month}截至 {asof} 尚未结束，数字还不完整（已报 {n}/{of} 个乡镇）：指标卡按最近完整的 {headline} 统计，"
        "趋势图中未完整的月份以浅色显示并标注。",
        "{month} is not over as of {asof}, so its figures are incomplete ({n} of {of} towns reported so far). "
        "The cards use the last complete month, {headline}; partial months are drawn lighter and marked in the trends.",
    ),
    "present.not_comparable": ("{label}：不可比（本月未报齐）", "{label}: not comparable (partial month)"),
    "present.reached": ("本月已报 {n}/{of} 乡镇", "{n}/{of} towns reported"),
    "present.reached_partial": ("本月仅报 {n}/{of} 乡镇，未报齐", "only {n}/{of} towns reported: partial"),
    "scope.card.asof": ("截至 {asof} 的近12个月", "12 months up to {asof}"),
    "gaps.tabs_hint": ("上方为汇总；下列八个方面各占一页，点击标签切换。", "The cards above sum up; each of the eight views below has its own tab."),
    "gaps.tab.1": ("① 检查覆盖", "① Coverage"),
    "gaps.tab.2": ("② 从未检查", "② Never inspected"),
    "gaps.tab.3": ("③ 无责任部门", "③ No department"),
    "gaps.tab.4": ("④ 报送情况", "④ Reporting"),
    "gaps.tab.5": ("⑤ 部门落实", "⑤ Follow-through"),
    "gaps.tab.6": ("⑥ 层层递减", "⑥ Down the levels"),
    "gaps.tab.7": ("⑦ 执法力度", "⑦ Enforcement"),
    "gaps.tab.8": ("⑧ 反复出现", "⑧ Repeats"),
    "area.county": ("全县", "County-wide"),
    "uploader.button": ("选择文件", "Browse files"),
    "uploader.note": ("可拖放到此处，每个文件不超过 {mb}MB", "Drop files here, {mb} MB per file"),
    "nav.not_found": ("没有“{path}”这个页面，已为您打开总览。请从左侧菜单选择页面。",
                      "There is no page “{path}”; the overview is shown instead. Pick a page from the menu."),
    "chart.axis_from": ("（横轴从 {v}% 起）", " (axis starts at {v}%)"),
    "brief.headline": (
        "{month}发现隐患 {found} 项（重大 {major} 项）；逾期未整改（累计）{overdue} 项，其中重大 {overdue_major} 项；"
        "近12个月整改率 {rate}。",
        "Found in {month}: {found} ({major} major); overdue (cumulative): {overdue}, of which major "
        "{overdue_major}; 12-month rectification rate {rate}.",
    ),
    "brief.scope": (
        "会议材料的范围取自侧栏：统计月份 {month}{reached}，状态截至 {asof}，侧栏的乡镇、行业、部门、等级筛选同样适用；"
        "趋势、整改率、检查覆盖按近12个月（{start}起）统计，逾期未整改按累计统计（与总览“逾期未整改（累计）”相同）。",
        "The pack takes the sidebar's scope: headline month {month}{reached}, status as of {asof}, and the same "
        "town/sector/department/level filters; trends, rates and coverage cover the 12 months from {start}; overdue "
        "is cumulative (as the overview's “overdue (cumulative)” card).",
    ),
    "brief.scope_differs": (
        "注意：看板的时间范围是 {start}–{end}，会议材料的整改率等按近12个月（{wstart}起）统计，两者数字会有差别。",
        "Note: the dashboard's period is {start} – {end}; the pack's rates use the 12 months from {wstart}, so "
        "those figures differ.",
    ),
    "area.towns_more": ("{first}等 {n} 个乡镇", "{first} and others ({n} towns)"),
    "export.failed": (
        "导出 Excel 没有成功（{reason}），文件中只有这句说明。请刷新后重试；若反复出现请联系管理员。",
        "The Excel export failed ({reason}); the file holds only this sentence. Refresh and retry; tell the "
        "administrator if it persists.",
    ),
    "filters.month": ("统计月份（指标卡）", "Headline month (cards)"),
    "filters.month.partial": ("{month}（未报齐 {n}/{of}）", "{month} (partial, {n}/{of} towns)"),
    "filters.month.help": (
        "指标卡“本月”所指的月份。默认为最近一个已报齐的月份：该月已结束，且至少 {share} 的乡镇（街道）报送了"
        "隐患台账（比例在 config/reporting.toml 中设置）。",
        "The month the cards call “this month”. Default: the last complete month — it has ended and at least "
        "{share} of the towns sent their hazard ledger (set in config/reporting.toml).",
    ),
    "scope.reached": ("已报 {n}/{of} 乡镇", "{n}/{of} towns reported"),
    "scope.partial_end": (
        "{month}目前只有 {n}/{of} 个乡镇（街道）报送了隐患台账，尚未报齐：指标卡按最近报齐的 {headline} 统计，"
        "趋势图中未报齐的月份以浅色显示并标注。",
        "{month} is partial: only {n} of {of} towns have sent their hazard ledger. The cards use the last "
        "complete month, {headline}; partial months are drawn lighter and marked in the trends.",
    ),
    "scope.partial_headline": (
        "所选的 {month} 只有 {n}/{of} 个乡镇（街道）报送了隐患台账（或该月尚未结束），数字不完整，不与其他月份比较。",
        "{month} is partial ({n} of {of} towns reported, or the month is not over): its figures are incomplete "
        "and are not compared with other months.",
    ),
    "scope.partial_months": (
        "未报齐的月份：{months}（浅色柱）。",
        "Partial months: {months} (lighter bars).",
    ),
    "scope.partial_mark": ("未报齐", "partial"),
    "scope.not_comparable": ("{label}：不可比（{month}未报齐）", "{label}: not comparable ({month} partial)"),
    "scope.card.month": ("{month}发现 · {reached}", "found in {month} · {reached}"),
    "scope.card.window": ("{start}–{end}发现 · 截至 {asof}", "found {start} – {end} · as of {asof}"),
    "scope.card.stock": (
        "累计：{end}及以前发现的全部隐患 · 截至 {asof}",
        "cumulative: every hazard found up to {end} · as of {asof}",
    ),
    "kpi.overdue_period": ("逾期未整改（期内发现）", "Overdue (found in the period)"),
    "kpi.overdue_stock": ("逾期未整改（累计）", "Overdue, not rectified (cumulative)"),
    "kpi.overdue_major_stock": ("其中重大隐患逾期（累计）", "Of which major (cumulative)"),
    "kpi.help.overdue_stock": (
        "截至日期时未整改且已过整改期限的隐患，不论何时发现（与会议材料“逾期未整改（累计）”同一口径）。"
        "时间范围内发现的逾期隐患见“整改情况”页。",
        "Open and past the deadline on the as-of date, whenever found (the briefing pack's “overdue "
        "(cumulative)”). Overdue hazards found within the period: see the Rectification page.",
    ),
}
