"""The compliance ledger (工作台账): per organization and catalog item, what was published and whether on time.

For each column (catalog item): documents published and withheld, the newest publication date, and
its status — 按时 (on time); 逾期 (a document published later than the item's 公开时限 after it was
written, counted in working days on the statutory calendar); 空白栏目 (nothing published); 更新不及时
(a 动态 column not updated for 2 weeks, a 文件/公告 column for 6 months: the inspection rules of
国办秘函〔2019〕19号).  The ledger is printed by `gongkai check` and, for sites that ask for it,
published as a page; a kind of content may add a table of its own (`LedgerTable`, e.g. the
replies to 政民互动 messages per organization), and judge sites against the inspection rubric
(`SiteInspection`, site_report/inspection.py).  `check_footer` is the other inspection finding `gongkai check`
reports: a government site's footer without the “我为政府网站找错” entry or the 党政机关网站标识.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel

from .diagnostics import Position, Reporter
from .loading import LoadedCatalog, LoadedPlatform, SourceDocument
from .models import SECTIONS, CatalogItem, PlatformConfig
from .records.model import Record, Tables, newest
from .workdays import CalendarGap, add_working_days, working_days_between

Status = Literal["按时", "逾期", "即将到期", "空白栏目", "更新不及时", "无法计算", "依申请公开", "合格", "不合格"]
# update cadence in calendar days, by what the column holds (检查指标: 动态/要闻 2 weeks, 通知公告/政策文件 6 months)
CADENCES = ((("动态", "要闻"), 14), (("文件", "通知", "公告", "政策"), 183))


class LedgerDocument(BaseModel):
    id: str
    file: str
    title: str
    written: date
    published: date
    deadline: date
    late_days: int  # working days after the deadline


class LedgerRow(BaseModel):
    org: str
    org_name: str
    item: str
    l1: str
    l2: str
    time_limit: str
    time_limit_short: str
    published: int
    withheld: int
    newest: date | None
    status: list[Status]
    overdue: list[LedgerDocument] = []
    days_since_update: int | None = None
    cadence_days: int | None = None
    page: str | None = None  # a kind's row (kinds.py): its page, relative to the organization's section root
    notes: list[str] = []    # … and what it has to say under the row


class LedgerTableRow(BaseModel):
    org: str
    org_name: str
    cells: list[int | str]  # after the organization's name, one per head
    status: list[Status]
    notes: list[str] = []   # what makes the row late, one line each


class LedgerTable(BaseModel):
    """A kind of content's part of the ledger besides the catalog's columns (kinds.Kind.ledger): a
    titled table, a row per organization."""

    kind: str
    site: str | None  # the site that publishes what is counted: its ledger page shows every row
    title: str
    note: str
    heads: list[str]  # the organization's column first
    rows: list[LedgerTableRow]


class InspectionFinding(BaseModel):
    """What is behind an inspection item's verdict: a column, a document, a message, at its file."""

    text: str
    file: str | None = None
    line: int | None = None
    column: int | None = None


class InspectionItem(BaseModel):
    """One 单项否决 item of the national inspection rubric (国办秘函〔2019〕19号) as judged for a site."""

    item: str        # 首页不更新, 栏目不更新, 互动回应差, 服务不实用
    passed: bool
    summary: str     # what was found, in a sentence
    findings: list[InspectionFinding] = []


class SiteInspection(BaseModel):
    """A government site judged against the 单项否决 items a platform can know: 不合格 when one fails."""

    site: str
    title: str
    verdict: Literal["合格", "不合格"]
    items: list[InspectionItem]


@dataclass(frozen=True)
class LedgerInputs:
    """What a kind's ledger hook (kinds.Kind.ledger) reads besides its own data: read-only, like
    `rows` (the catalog columns' rows, before any kind's) and `contents` (every kind's data)."""

    config: PlatformConfig
    catalogs: dict[str, LoadedCatalog]
    documents: list[SourceDocument]  # every document read, public or not
    public: dict                     # document id -> Doc: the published ones
    today: date
    rows: list[LedgerRow] = field(default_factory=list)  # compute_ledger's: one per catalog column
    contents: dict = field(default_factory=dict)         # kind name -> what its `load` returned


@dataclass
class LedgerPart:
    """A kind's part of the 工作台账: rows beside the catalog columns' (each organization's), tables
    of its own, and sites judged against the inspection rubric (`gongkai check` prints them)."""

    rows: list[LedgerRow] = field(default_factory=list)
    tables: list[LedgerTable] = field(default_factory=list)
    inspection: list[SiteInspection] = field(default_factory=list)


@lru_cache(maxsize=65536)
def _deadline_after(start: date, days: int) -> date:
    return add_working_days(start, days)


def deadline(item: CatalogItem, document: SourceDocument, published: dict[str, date]) -> date | None:
    """The last day the document could be published under its column's 公开时限, or None if unbounded."""
    rule = item.time_limit
    written = document.meta.written
    if rule.trigger in ("formed_or_changed", "obtained"):
        return _deadline_after(written, rule.working_days or 0)
    if rule.trigger == "realtime":
        return _deadline_after(written, 1)
    if rule.trigger == "related_published":
        related = [published[i] for i in document.meta.interprets if i in published]
        return _deadline_after(min(related), rule.working_days or 0) if related else None
    if rule.trigger == "annual":
        return date(written.year, rule.month or 12, rule.day or 31)
    return None  # 长期公开: no deadline


def cadence(item: CatalogItem) -> int | None:
    text = item.l1 + item.l2
    for words, days in CADENCES:
        if any(word in text for word in words):
            return days
    return None


def compute_ledger(catalogs: dict[str, LoadedCatalog], documents: list[SourceDocument], today: date,
                   reporter: Reporter | None = None, tables: Tables | None = None) -> list[LedgerRow]:
    """One row per catalog item of every organization; problems are reported when a reporter is given.
    `tables`: the rows of the records columns, which count as updated by their newest row (or the
    date their `records:` declares) and as empty without rows."""
    tables = tables or {}
    by_item: dict[tuple[str, str], list[SourceDocument]] = defaultdict(list)
    for document in documents:
        by_item[(document.meta.org, document.meta.item)].append(document)
    published = {d.id: d.meta.published for d in documents if d.meta.is_public}
    gaps: set[int] = set()
    rows = []
    for org_id, loaded in sorted(catalogs.items(), key=lambda c: c[1].org.code):
        if reporter:
            _check_parts(loaded, reporter)
        for index, item in enumerate(loaded.catalog.items):
            if item.records:
                rows.append(_records_row(loaded, index, tables.get((org_id, item.id), []), today, reporter))
                continue
            members = by_item.get((org_id, item.id), [])
            public = sorted((d for d in members if d.meta.is_public), key=lambda d: (d.meta.published, d.id))
            overdue, unknown = [], False
            for document in public:
                try:
                    due = deadline(item, document, published)
                    if due and document.meta.published > due:
                        late = working_days_between(due, document.meta.published)
                        overdue.append(LedgerDocument(id=document.id, file=document.file, title=document.meta.title,
                                                      written=document.meta.written, published=document.meta.published,
                                                      deadline=due, late_days=late))
                        if reporter:
                            reporter.report("W701", document.at("published"), published=document.meta.published,
                                            rule=item.time_limit.text, deadline=due, late=late)
                except CalendarGap as gap:
                    unknown = True
                    if reporter and gap.year not in gaps:
                        gaps.add(gap.year)
                        reporter.report("W311", document.at("published"), year=gap.year)
            newest = public[-1].meta.published if public else None
            every = cadence(item)
            age = (today - newest).days if newest else None
            status: list[Status]
            if item.mode == "依申请":
                status = ["依申请公开"]
            elif item.profile and loaded.org.has_profile(item.profile):
                status = ["按时"]  # kept from the organization's own data, shown on the column page
            else:
                status = (["逾期"] if overdue else []) + _freshness(loaded, index, len(public), age, reporter) \
                    + (["无法计算"] if unknown else [])
            rows.append(LedgerRow(
                org=org_id, org_name=loaded.org.name, item=item.id, l1=item.l1, l2=item.l2,
                time_limit=item.time_limit.text, time_limit_short=item.time_limit.summary, published=len(public), withheld=len(members) - len(public),
                newest=newest, status=status or ["按时"], overdue=overdue, days_since_update=age, cadence_days=every))
    return rows


# what an item of each standard part usually is, for the hint when a catalog has none
PART_EXAMPLES = {"指南": "政府信息公开指南", "制度": "政府信息公开工作制度（如保密审查、依申请公开办理制度）",
                 "法定主动公开内容": "机构职能、政策文件等条例第二十条所列信息", "年报": "政府信息公开工作年度报告"}


def _check_parts(loaded: LoadedCatalog, reporter: Reporter) -> None:
    """The four parts of 政府信息公开 (the first-level columns of every government site's 政府信息公开
    column) are built for every government organization: a catalog without an item in one leaves it empty."""
    if loaded.org.kind == "enterprise":
        return
    used = {item.section for item in loaded.catalog.items}
    for part in SECTIONS:
        if part not in used:
            reporter.report("W704", loaded.at("items"), org=loaded.org.name, part=part, example=PART_EXAMPLES[part])


def check_footer(platform: LoadedPlatform, catalogs: dict[str, LoadedCatalog], reporter: Reporter) -> None:
    """W102 for each site of a government organization (not a public enterprise) whose footer lacks
    the “我为政府网站找错” entry or the 党政机关网站标识 (REFERENCE §3.5)."""
    for index, site in enumerate(platform.config.sites):
        owner = catalogs.get(site.org)
        if owner is None or owner.org.kind == "enterprise":
            continue
        missing = [label for label, value in (("“我为政府网站找错”入口", site.identity.error_report),
                                              ("党政机关网站标识", site.identity.badge)) if not value]
        if missing:
            line, column = platform.lines.key(("sites", index, "identity")) or (None, None)
            reporter.report("W102", Position(file=platform.file, line=line, column=column), site=site.id,
                            missing="和".join(missing))


def _records_row(loaded: LoadedCatalog, index: int, records: list[Record], today: date,
                 reporter: Reporter | None) -> LedgerRow:
    """A records column: its rows published, updated when its newest row was (or its declared date)."""
    item = loaded.catalog.items[index]
    updated, every = newest(item.records, records), cadence(item)
    age = (today - updated).days if updated else None
    status = _freshness(loaded, index, len(records), age, reporter)
    return LedgerRow(org=loaded.org.id, org_name=loaded.org.name, item=item.id, l1=item.l1, l2=item.l2,
                     time_limit=item.time_limit.text, time_limit_short=item.time_limit.summary, published=len(records),
                     withheld=0, newest=updated, status=status or ["按时"], days_since_update=age, cadence_days=every)


def _freshness(loaded: LoadedCatalog, index: int, published: int, age: int | None,
               reporter: Reporter | None) -> list[Status]:
    """A column with nothing published is 空白栏目 (W702); one whose newest is `age` days old, more than
    its catalog item's cadence, is 更新不及时 (W703)."""
    item = loaded.catalog.items[index]
    every = cadence(item)
    if not published:
        if reporter:
            reporter.report("W702", loaded.at("items", index, "id"), item=item.id, l1=item.l1, l2=item.l2)
        return ["空白栏目"]
    if every and age is not None and age > every:
        if reporter:
            reporter.report("W703", loaded.at("items", index, "id"), item=item.id, l1=item.l1, l2=item.l2,
                            days=age, cadence=every)
        return ["更新不及时"]
    return []


def format_ledger(rows: list[LedgerRow], today: date) -> str:
    """A table a department head can read: one block per organization, a summary line each."""
    lines = [f"政务公开工作台账（统计日期：{today.isoformat()}）"]
    header = ("栏目（一级／二级）", "公开时限", "已公开", "不公开", "最近更新", "状态")
    widths = (38, 18, 6, 6, 10, 16)
    for org, members in _group(rows):
        lines += ["", f"【{members[0].org_name}】{summarize(members)}", _row(header, widths),
                  _row(tuple("─" * (w // 1) for w in widths), widths)]
        for row in members:
            lines.append(_row((f"{row.l1}／{row.l2}", row.time_limit_short, str(row.published), str(row.withheld),
                               row.newest.isoformat() if row.newest else "—", "、".join(row.status)), widths))
            for late in row.overdue:
                lines.append(f"    └ 逾期 {late.late_days} 个工作日：{late.title}（{late.file}，"
                             f"成文 {late.written.isoformat()}，发布 {late.published.isoformat()}，"
                             f"应不晚于 {late.deadline.isoformat()}）")
            lines += [f"    └ {note}" for note in row.notes]
    return "\n".join(lines)


def format_tables(tables: list[LedgerTable]) -> str:
    """The kinds' tables (LedgerTable) as text, after format_ledger's."""
    lines = []
    for table in tables:
        widths = (30, *[10] * (len(table.heads) - 1), 8)
        lines += ["", f"【{table.title}】{table.note}", _row((*table.heads, "状态"), widths),
                  _row(tuple("─" * w for w in widths), widths)]
        for row in table.rows:
            lines.append(_row((row.org_name, *map(str, row.cells), "、".join(row.status)), widths))
            lines += [f"    └ {note}" for note in row.notes]
    return "\n".join(lines)


def format_inspection(inspections: list[SiteInspection], today: date) -> str:
    """Each site's verdict against the inspection rubric, item by item, with what is behind a failed one."""
    lines = [f"政府网站检查指标自查（国办秘函〔2019〕19号 单项否决指标，检查日期：{today.isoformat()}）"]
    for site in inspections:
        lines += ["", f"【{site.title}（{site.site}）】{site.verdict}"]
        for item in site.items:
            lines.append(f"  {'✓' if item.passed else '✗'} {item.item}：{'合格' if item.passed else '不合格'}。{item.summary}")
            for finding in item.findings:
                where = ":".join(str(p) for p in (finding.file, finding.line, finding.column) if p is not None)
                lines.append(f"    └ {where + ' ' if where else ''}{finding.text}")
    return "\n".join(lines)


def summarize(rows: list[LedgerRow]) -> str:
    """'13 个栏目：按时 9，逾期 1，更新不及时 3' for one organization's rows."""
    counts = {s: sum(s in r.status for r in rows) for s in ("按时", "逾期", "即将到期", "空白栏目", "更新不及时", "依申请公开")}
    return f"{len(rows)} 个栏目：" + "，".join(f"{k} {v}" for k, v in counts.items() if v)


def _group(rows: list[LedgerRow]) -> list[tuple[str, list[LedgerRow]]]:
    groups: dict[str, list[LedgerRow]] = {}
    for row in rows:
        groups.setdefault(row.org, []).append(row)
    return list(groups.items())


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(text: str, width: int) -> str:
    while _width(text) > width:
        text = text[:-2] + "…"
    return text + " " * (width - _width(text))


def _row(cells: tuple[str, ...], widths: tuple[int, ...]) -> str:
    return "  ".join(_cell(c, w) for c, w in zip(cells, widths)).rstrip()
