"""The portal's 意见征集 list (`yjzj/index.html`): every organization's drafts for comment, those open
first, then those still to open, then those ended with their 采纳情况, paginated."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..documents import Doc
from ..layout import HOME, Section, SitePart, SiteView, list_pages, not_shown
from ..models import SiteConfig
from ..pages import ColumnLink, DocLink, Entry, view

FOLDER = "yjzj"
TITLE = "意见征集"
STATUSES = ("征集中", "未开始", "已结束")  # the list's order
INTRO = "本平台各单位公开征求意见的政策文件和重大行政决策事项草案：正在征集的排在最前，征集结束后公布意见采纳情况。"


@view
class ConsultationRow:
    """A draft as the list shows it."""

    entry: Entry
    start: date
    end: date
    status: str  # 未开始 | 征集中 | 已结束, as of the build date
    decision: bool  # a 重大行政决策 draft
    feedback: list[DocLink]


@view
class ConsultationList:
    """One page of the list: its drafts, and how many of each status the whole list holds."""

    rows: list[ConsultationRow]
    counts: list[tuple[str, int]]


def shares(sites: list[tuple[SiteConfig, list[Section]]], public: dict[str, Doc]) -> dict[str, list[str]]:
    """On each portal, the drafts and 采纳情况 of organizations the portal does not show."""
    portals = [(site, sections) for site, sections in sites if site.kind == "portal"]
    drafts = [doc for doc in public.values() if doc.meta.consultation or doc.meta.feedback_to] if portals else []
    return {site.id: not_shown(drafts, sections) for site, sections in portals}


def site_part(view: SiteView, data: None = None) -> SitePart | None:
    """`yjzj/index.html` … on a portal."""
    if view.site.kind != "portal":
        return None
    drafts = [view.public[i] for i in view.doc_paths if view.public[i].meta.consultation]
    rows = sorted((_row(view, doc) for doc in drafts), key=_order)
    counts = [(status, sum(row.status == status for row in rows)) for status in STATUSES]
    summary = "，".join(f"{status} {count} 件" for status, count in counts)
    first, size = f"{FOLDER}/index.html", view.config.page_size
    pages = list_pages(first, TITLE, "征集调查", [row.entry for row in rows], [HOME], FOLDER,
                       f"{view.config.name}{TITLE}：各单位公开征求意见的草案，{summary}。", size, INTRO,
                       "consultation.html", "consultations")
    pages = [replace(page, view=ConsultationList(rows=rows[n * size:(n + 1) * size], counts=counts))
             for n, page in enumerate(pages)]
    return SitePart(pages=pages, link=ColumnLink(title=TITLE, path=first, count=len(rows)))


def _row(view: SiteView, doc: Doc) -> ConsultationRow:
    consultation = doc.meta.consultation
    feedback = [DocLink(title=view.public[i].meta.title, path=target, published=view.public[i].meta.published)
                for i in doc.feedback for target in [view.doc_target(i)] if target]
    return ConsultationRow(entry=view.entry(doc), start=consultation.start, end=consultation.end,
                           status=consultation.status(view.today), decision=consultation.decision, feedback=feedback)


def _order(row: ConsultationRow) -> tuple:
    """Open drafts closing soonest first, then those opening soonest, then the most recently ended."""
    rank = STATUSES.index(row.status)
    day = {"征集中": row.end, "未开始": row.start}.get(row.status)
    return (rank, day.toordinal() if day else -row.end.toordinal(), row.entry.id)
