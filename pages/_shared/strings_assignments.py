"""Strings of the 会议交办事项 (meeting assignments) section of the 会议材料 page. (zh, en) pairs."""

from etl.read.assignments import FIGURE_LABELS

STRINGS = {
    "asg.header": ("会议交办事项", "Meeting assignments"),
    "asg.intro": (
        "会议交办给乡镇（街道）或部门的事项及落实情况。隐患类事项在整改（重大隐患还须验收合格）后自动办结，"
        "指标类事项在指标达到目标后自动办结（漏报月数在期限到后判定），其他事项由数据员填写说明后办结。",
        "What the meeting assigned to towns and departments, and whether it is done. Hazard items close "
        "themselves when the hazard is rectified (and verified, for a major); figure items when the figure "
        "reaches its target (months not reported: judged at the due date); other items when an analyst "
        "closes them with a note.",
    ),
    "asg.none": ("还没有记录交办事项。", "No assignments recorded yet."),
    "asg.viewer": (
        "登录为数据员或管理员后可记录和办结交办事项。",
        "Log in as an analyst or admin to record or close items.",
    ),
    "asg.status.done": ("已完成", "Done"),
    "asg.status.in_progress": ("推进中", "In progress"),
    "asg.status.overdue": ("逾期未完成", "Overdue"),
    "asg.status.withdrawn": ("来源已撤回", "Source withdrawn"),
    "asg.counts": (
        "截至 {asof}：共 {n} 项，已完成 {done} 项，推进中 {progress} 项，逾期未完成 {overdue} 项，来源已撤回 {withdrawn} 项。",
        "As of {asof}: {n} items — {done} done, {progress} in progress, {overdue} overdue, {withdrawn} source withdrawn.",
    ),
    "asg.concurrent": (
        "有 {n} 项的最新版本是在另一位数据员保存后、未看到其修改时保存的；两版均已保留，显示最新版本。",
        "{n} item(s) were saved without seeing another analyst's save just before; both versions are kept, the latest is shown.",
    ),
    "asg.col.id": ("编号", "No."),
    "asg.col.meeting": ("会议日期", "Meeting"),
    "asg.col.assignee": ("责任乡镇/部门", "Assigned to"),
    "asg.col.title": ("交办内容", "Assignment"),
    "asg.col.due": ("完成期限", "Due"),
    "asg.col.status": ("落实情况", "Status"),
    "asg.col.progress": ("依据", "Evidence"),
    "asg.col.version": ("版本", "Version"),
    "asg.col.by": ("最后修改", "Last changed by"),
    "asg.col.note": ("说明", "Note"),
    **{f"asg.figure.{code}": names for code, names in FIGURE_LABELS.items()},
    "asg.reports_help.town": (
        "漏报月数：从会议当月起，到完成期限前已结束的各月中，该乡镇（街道）隐患排查整改台账未报送的月数"
        "（与“监管盲区”④报送情况同一口径）。期限到后，不超过目标值即为完成。",
        "Months not reported: of the months from the meeting's month to the last month ended by the due date, "
        "those for which the town's hazard ledger did not come in (the rule of the gap page's ④). At the due "
        "date the item is done if the count is at most the target.",
    ),
    "asg.reports_help.department": (
        "漏报月数：从会议当月起，到完成期限前已结束的各月中，没有任何检查记录列出该部门的月数"
        "（与“监管盲区”④报送情况同一口径）。期限到后，不超过目标值即为完成。",
        "Months not reported: of the months from the meeting's month to the last month ended by the due date, "
        "those in which no inspection log names the department (the rule of the gap page's ④). At the due "
        "date the item is done if the count is at most the target.",
    ),
    "asg.reports_title.town": ("按月报送隐患排查整改台账，漏报不超过 {target} 个月", "Send the hazard ledger every month"),
    "asg.reports_title.department": ("按月报送检查记录，漏报不超过 {target} 个月", "Send the inspection log every month"),
    "asg.progress.hazard": ("{town} {unit}：{desc}", "{town} {unit}: {desc}"),
    "asg.add": ("记录交办事项", "Record an assignment"),
    "asg.source": ("事项来源", "Item from"),
    "asg.source.free": ("自由事项", "Free item"),
    "asg.source.overdue": ("逾期重大隐患", "Overdue major hazard"),
    "asg.source.paper": ("疑似纸面销号", "Possible paper closure"),
    "asg.source.figure": ("乡镇/部门指标", "Town or department figure"),
    "asg.pick_hazard": ("选择隐患", "Hazard"),
    "asg.no_hazards": ("当前筛选范围内没有可选的隐患。", "No such hazard in the current filters."),
    "asg.assignee_kind": ("交办给", "Give to"),
    "asg.kind.town": ("乡镇（街道）", "Town"),
    "asg.kind.department": ("部门", "Department"),
    "asg.assignee": ("责任乡镇或部门", "Town or department"),
    "asg.figure": ("指标", "Figure"),
    "asg.target": ("目标值（不高于）", "Target (at most)"),
    "asg.title": ("交办内容", "Assignment"),
    "asg.meeting": ("会议日期", "Meeting date"),
    "asg.due": ("完成期限", "Due date"),
    "asg.note": ("备注（可选）", "Note (optional)"),
    "asg.save": ("保存交办事项", "Save"),
    "asg.saved": ("已记录交办事项 #{id}。", "Assignment #{id} recorded."),
    "asg.close": ("办结自由事项", "Close a free item"),
    "asg.close_pick": ("选择事项", "Item"),
    "asg.close_note": ("办结说明", "Closing note"),
    "asg.close_btn": ("办结", "Close"),
    "asg.closed": ("交办事项 #{id} 已办结。", "Assignment #{id} closed."),
    "asg.no_free_open": ("没有待办结的自由事项。", "No open free items."),
    "asg.edit": ("修改交办事项", "Edit an assignment"),
    "asg.edit_pick": ("选择要修改的事项", "Item to edit"),
    "asg.edit_save": ("保存修改", "Save changes"),
    "asg.edited": ("交办事项 #{id} 已保存为新版本。", "Assignment #{id} saved as a new version."),
    "asg.failed": ("保存失败：{reason}", "Not saved: {reason}"),
    "present.slide.followup": ("上次会议交办事项落实情况", "What the last meeting assigned"),
    "present.followup.meeting": (
        "{date}会议交办，及以前会议尚未完成的事项",
        "Assigned at the meeting of {date}, and earlier items not yet done",
    ),
    "present.followup.more": ("另有 {n} 项见会议材料", "{n} more in the briefing pack"),
}
