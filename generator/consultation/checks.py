"""What `gongkai check` reports about drafts for comment: a period shorter than the platform's minimum
(W751: 30 days for a 重大行政决策 draft, 《重大行政决策程序暂行条例》第十四条), no way to comment
(W752), and an ended period whose 采纳情况 is not published within `feedback_days` working days (W750)."""

from __future__ import annotations

from datetime import date

from ..diagnostics import Position, Reporter
from ..documents import Doc
from ..loading import SourceDocument
from ..models import PlatformConfig
from ..workdays import CalendarGap, working_days_between

DECISION_RULE = "重大行政决策事项的征求意见期限一般不少于30日（《重大行政决策程序暂行条例》第十四条）"


def audit(data: None, public: dict[str, Doc], config: PlatformConfig, today: date, reporter: Reporter) -> None:
    settings = config.consultation
    gaps: set[int] = set()
    for doc in sorted(public.values(), key=lambda d: d.id):
        consultation = doc.meta.consultation
        if consultation is None:
            continue
        minimum = settings.decision_min_days if consultation.decision else settings.min_days
        if consultation.days < minimum:
            key = "decision_min_days" if consultation.decision else "min_days"
            rule = (DECISION_RULE + "；" if consultation.decision else "") + \
                f"延长征集期限，或调整 platform.yaml 中的 consultation.{key}"
            reporter.report("W751", _at(doc.source, "end"), days=consultation.days, minimum=minimum, rule=rule,
                            what="重大行政决策事项" if consultation.decision else "平台规定")
        if not (consultation.address or consultation.email or consultation.phone or consultation.form
                or settings.form):
            reporter.report("W752", _at(doc.source))
        if doc.feedback or consultation.status(today) != "已结束":
            continue
        try:
            days = working_days_between(consultation.end, today)
        except CalendarGap as gap:
            if gap.year not in gaps:
                gaps.add(gap.year)
                reporter.report("W311", _at(doc.source, "end"), year=gap.year)
            continue
        if days > settings.feedback_days:
            reporter.report("W750", _at(doc.source, "end"), end=consultation.end.isoformat(), days=days,
                            limit=settings.feedback_days, doc=doc.id)


def _at(source: SourceDocument, field: str | None = None) -> Position:
    """Where the `consultation` block (or one of its fields) is written, under either of its names."""
    block = "consultation" if ("consultation",) in source.lines.values else "意见征集"
    if field is None:
        line, column = source.lines.key((block,)) or (None, None)
        return Position(file=source.file, line=line, column=column)
    names = {"end": ("end", "截止日期")}[field]
    return source.at(block, next((n for n in names if (block, n) in source.lines.values), names[0]))
