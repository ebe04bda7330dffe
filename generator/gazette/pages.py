"""The gazette's pages on a portal (SPEC §2.5): the archive at zfgb/index.html (years, each with
its coverage line and issues), a page per year, per issue (its contents by section and its PDF,
copied beside it) and per text of the gazette's own, and every entry listed by year, section and
文种 on pre-built pages (zfgb/wz/…) that need no JavaScript.  An entry citing a document links to
that document's page: one record, two places."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import date

from ..descriptions import excerpt
from ..layout import HOME, SitePart, SiteView
from ..markdown import fill_placeholders
from ..pages import (Asset, Attachment, Citation, ColumnGroup, ColumnLink, Crumb, NavItem, Page, Pagination,
                     page_links, size_label)
from ..search_index import IndexDocument
from .model import KIND_SLUGS, Gazette, Issue, Item, kind_of
from .stage import coverage

FOLDER = "zfgb"
INDEX = f"{FOLDER}/index.html"
LISTS = f"{FOLDER}/wz"
NAV_KEY = "zfgb"
COLUMN_TYPE = "政策文件"
ISSUE_WEIGHT = 0.5  # an issue page lists titles the texts' and documents' own pages hold in full

view = dataclass(frozen=True, kw_only=True, slots=True)


@view
class Row:
    """An entry of an issue as the issue page and the lists show it."""

    anchor: str              # its place on the issue page: e3
    title: str
    path: str | None         # the document's page (on this site or another), the text's page; None: title only
    external: bool           # `path` is an absolute URL on another site
    doc_number: str | None
    kind: str                # 文种
    section: str
    issue: str               # 2025年第3期
    issue_path: str
    year: int                # the issue's year
    published: date          # the issue's date
    page: int | None = None  # where it starts in the PDF
    own: bool = False        # a text of the gazette's own with its page here


@view
class IssueLink:
    name: str        # 2025年第3期
    total: int
    path: str
    published: date
    count: int       # entries shown
    pdf: Attachment


@view
class YearView:
    year: int
    line: str                       # 2025年：应出12期，已收录11期，缺第7期
    path: str | None                # its page, when any issue of it is in the archive
    issues: list[IssueLink] = field(default_factory=list)
    complete: bool = False


@view
class SectionRows:
    title: str
    anchor: str
    rows: list[Row]


@view
class GazetteView:
    """What a gazette page shows; each kind of page fills its part."""

    name: str                                   # the gazette's title: 示例市人民政府公报
    years: list[YearView] = field(default_factory=list)       # the archive, a year
    issue: IssueLink | None = None              # an issue, a text
    sections: list[SectionRows] = field(default_factory=list)  # an issue's contents
    previous: IssueLink | None = None
    next: IssueLink | None = None
    row: Row | None = None                      # a text
    html: str = ""                              # a text's body, links filled for its page
    rows: list[Row] = field(default_factory=list)  # a list
    filtered: str = ""                          # a list's facet value: 栏目：政府文件
    lists_path: str = f"{LISTS}/index.html"
    search: list[tuple[str, str, str, str]] = field(default_factory=list)  # a text's body sections, for search


def site_part(view: SiteView, gazette: Gazette | None) -> SitePart | None:
    """The gazette on each portal of its publishing organization."""
    if gazette is None or gazette.config is None or view.site.kind != "portal" or view.site.org != gazette.config.org:
        return None
    config = gazette.config
    name = config.title
    years = coverage(gazette, view.today)
    # an issue without its PDF or given twice is an error already reported: left out, so the rest lays out
    kept: dict[tuple[int, int], Issue] = {}
    for issue in gazette.issues:
        if issue.pdf:
            kept.setdefault((issue.year, issue.number), issue)
    ordered = list(kept.values())
    rows = {(issue.file, item.number): row for issue in ordered for item in issue.items
            for row in [_row(view, issue, item)] if row}
    links = {issue.file: _issue_link(issue, [r for (f, _), r in rows.items() if f == issue.file])
             for issue in ordered}
    year_views = [YearView(year=y.year, line=y.line, path=f"{FOLDER}/{y.year}/index.html" if y.collected else None,
                           issues=[links[i.file] for i in reversed(ordered) if i.year == y.year],
                           complete=not y.missing) for y in reversed(years)]
    newest = [rows[(i.file, item.number)] for i in reversed(ordered) for item in i.items if (i.file, item.number) in rows]
    groups = _facets(config.sections, newest)
    archive = Crumb(title=name, path=INDEX)
    intro = config.description or (f"{name}是刊登本级政府规章和规范性文件的法定载体。这里收录创刊以来的各期公报，"
                                   "按年份和期号排列，可下载各期 PDF 版。")
    pages = [Page(path=INDEX, kind="gazette", template="gazette.html", title=name, column_name="政府公报",
                  column_type=COLUMN_TYPE, nav_key=NAV_KEY, breadcrumbs=[HOME, Crumb(title=name)], intro=intro,
                  description=excerpt(f"{name}：" + "；".join(y.line for y in reversed(years)) + "。"),
                  groups=groups, view=GazetteView(name=name, years=year_views))]
    assets: list[Asset] = []
    citations: dict[str, list[Citation]] = {}
    for year in (y for y in year_views if y.path):
        pages.append(Page(
            path=year.path, kind="gazette_year", template="gazette.html", title=f"{name}{year.year}年",
            column_name="政府公报", column_type=COLUMN_TYPE, nav_key=NAV_KEY,
            breadcrumbs=[HOME, archive, Crumb(title=f"{year.year}年")], groups=groups,
            description=f"{name}{year.year}年各期目录和 PDF 版。{year.line}。",
            view=GazetteView(name=name, years=[year])))
    for n, issue in enumerate(ordered):
        link = links[issue.file]
        mine = [rows[(issue.file, item.number)] for item in issue.items if (issue.file, item.number) in rows]
        crumbs = [HOME, archive, Crumb(title=f"{issue.year}年", path=f"{FOLDER}/{issue.year}/index.html")]
        sections = [SectionRows(title=title, anchor=f"s{k}", rows=[r for r in mine if r.section == title])
                    for k, title in enumerate(_section_order(config.sections, mine), 1)]
        pages.append(Page(
            path=link.path, kind="gazette_issue", template="gazette_issue.html", title=f"{name}{link.name}",
            column_name="政府公报", column_type=COLUMN_TYPE, nav_key=NAV_KEY,
            breadcrumbs=[*crumbs, Crumb(title=f"第{issue.number}期")],
            description=excerpt(f"{name}{link.name}（总第{issue.meta.total}期），{issue.meta.published.isoformat()}出版，"
                                f"{len(mine)} 篇：" + "；".join(r.title for r in mine) + "。"),
            view=GazetteView(name=name, issue=link, sections=[s for s in sections if s.rows],
                             previous=links[ordered[n - 1].file] if n else None,
                             next=links[ordered[n + 1].file] if n + 1 < len(ordered) else None)))
        assets.append(Asset(path=link.pdf.path, source=str(view.root / issue.pdf)))
        for item in issue.items:
            row = rows.get((issue.file, item.number))
            if row and row.own:
                pages.append(_text_page(view, name, issue, item, row, link,
                                        [*crumbs, Crumb(title=f"第{issue.number}期", path=link.path)]))
            if row and item.entry.doc:
                citations.setdefault(item.entry.doc, []).append(
                    Citation(title=f"{name}{link.name}（{row.section}）", path=f"{link.path}#{row.anchor}", count=0,
                             group="刊载于政府公报"))
    pages += _lists(view, name, archive, newest, groups)
    return SitePart(pages=pages, assets=assets, link=ColumnLink(title="政府公报", path=INDEX, count=len(ordered)),
                    nav=NavItem(key=NAV_KEY, title="政府公报", path=INDEX), citations=citations)


def _row(view: SiteView, issue: Issue, item: Item) -> Row | None:
    """An entry as shown on this site; None for one citing a document that is not public (reported)."""
    entry = item.entry
    common = dict(anchor=f"e{item.number}", section=entry.section, issue=f"{issue.year}年第{issue.number}期",
                  issue_path=f"{issue.folder}/index.html", year=issue.year, published=issue.meta.published,
                  page=entry.page)
    if entry.doc:
        doc = view.public.get(entry.doc)
        if doc is None:
            return None
        target = view.doc_target(doc.id)
        return Row(title=doc.meta.title, path=target, external=bool(target and "://" in target),
                   doc_number=doc.meta.doc_number, kind=entry.type or kind_of(doc.meta.title, doc.meta.doc_number),
                   **common)
    return Row(title=entry.title, path=f"{issue.folder}/{item.number}/index.html" if item.text else None,
               external=False, doc_number=entry.doc_number, kind=entry.type or kind_of(entry.title, entry.doc_number),
               own=item.text is not None, **common)


def _issue_link(issue: Issue, rows: list[Row]) -> IssueLink:
    name = f"{issue.year}年第{issue.number}期"
    pdf = Attachment(title=f"{name}（PDF 版）", path=f"{issue.folder}/{posixpath.basename(issue.pdf)}",
                     size=size_label(issue.pdf_size), kind="PDF")
    return IssueLink(name=name, total=issue.meta.total, path=f"{issue.folder}/index.html",
                     published=issue.meta.published, count=len(rows), pdf=pdf)


def _section_order(sections: list[str], rows: list[Row]) -> list[str]:
    """The sections in gazette.yaml's order (a section not declared, already reported, last)."""
    return sections + sorted({r.section for r in rows} - set(sections))


def _text_page(view: SiteView, name: str, issue: Issue, item: Item, row: Row, link: IssueLink,
               crumbs: list[Crumb]) -> Page:
    """A text of the gazette's own, its links to documents made relative to its page."""
    path = row.path
    here = posixpath.dirname(path)

    def link_for(kind: str, value: str) -> str:
        target = view.doc_target(value)
        if not target:
            return "#"
        return target if "://" in target else posixpath.relpath(target, here)

    html = fill_placeholders(item.text.html, link_for)
    body = " ".join(text for _, _, text, _ in item.text.sections[:3])
    return Page(path=path, kind="gazette_text", template="gazette_text.html", title=row.title,
                column_name="政府公报", column_type=COLUMN_TYPE, nav_key=NAV_KEY,
                breadcrumbs=[*crumbs, Crumb(title=row.title)],
                description=excerpt(body) or f"{name}{link.name}刊载：{row.title}",
                view=GazetteView(name=name, issue=link, row=row, html=html, search=item.text.sections))


def _facets(sections: list[str], rows: list[Row]) -> list[ColumnGroup]:
    """The lists by year, section and 文种, each value with its count."""
    years = sorted({r.year for r in rows}, reverse=True)
    by_year = [ColumnLink(title=f"{y}年", path=f"{LISTS}/year/{y}/index.html", count=sum(r.year == y for r in rows))
               for y in years]
    by_section = [ColumnLink(title=s, path=f"{LISTS}/section/{n}/index.html", count=sum(r.section == s for r in rows))
                  for n, s in enumerate(_section_order(sections, rows), 1)]
    by_kind = [ColumnLink(title=k, path=f"{LISTS}/type/{slug}/index.html", count=sum(r.kind == k for r in rows))
               for k, slug in KIND_SLUGS.items()]
    return [ColumnGroup(title=title, anchor=anchor, columns=[c for c in columns if c.count])
            for title, anchor, columns in (("年份", "fy", by_year), ("栏目", "fs", by_section), ("文种", "ft", by_kind))]


def _lists(view: SiteView, name: str, archive: Crumb, rows: list[Row], groups: list[ColumnGroup]) -> list[Page]:
    """Every entry, newest issue first, then each year's, section's and 文种's, paginated."""
    everything = ColumnLink(title="全部", path=f"{LISTS}/index.html", count=len(rows))
    chosen = [(everything, "", rows)]
    for group in groups:
        for column in group.columns:
            test = {"年份": lambda r, c=column: f"{r.year}年" == c.title,
                    "栏目": lambda r, c=column: r.section == c.title,
                    "文种": lambda r, c=column: r.kind == c.title}[group.title]
            chosen.append((column, f"{group.title}：{column.title}", [r for r in rows if test(r)]))
    crumbs = [HOME, archive]
    pages = []
    size = view.config.page_size
    for column, filtered, members in chosen:
        chunks = [members[i:i + size] for i in range(0, len(members), size)] or [[]]
        links = page_links(column.path, len(chunks))
        title = f"{name}文章" + (f"（{filtered}）" if filtered else "")
        for number, chunk in enumerate(chunks, 1):
            suffix = "" if number == 1 else f"（第{number}页）"
            pages.append(Page(
                path=links[number - 1].path, kind="gazette_list", template="gazette_list.html", title=title + suffix,
                column_name="政府公报", column_type=COLUMN_TYPE, nav_key=NAV_KEY,
                breadcrumbs=[*crumbs, Crumb(title="全部文章", path=everything.path if filtered else None)]
                + ([Crumb(title=filtered)] if filtered else []),
                description=f"{name}刊载的文章" + (f"，{filtered}" if filtered else "") + f"，共 {len(members)} 篇{suffix}。",
                groups=groups,
                pagination=Pagination(current=number, total=len(chunks), pages=links, count=len(members)),
                view=GazetteView(name=name, rows=chunk, filtered=filtered)))
    return pages


def search(page: Page, site) -> list[IndexDocument]:
    """A text's page (its body's sections); an issue page (its title and contents, weighing less than
    the texts and documents it lists) and each entry of it known by its title only (a scanned issue's),
    found at its line of the contents."""
    if page.kind not in ("gazette_issue", "gazette_text"):
        return []
    gazette: GazetteView = page.view
    issue = gazette.issue
    common = dict(date=issue.published.isoformat(), org=site.owner.id, org_name=site.owner.name, type="政府公报",
                  validity="", index_no="")
    if page.kind == "gazette_text":
        row = gazette.row
        return [IndexDocument(id=f"{site.config.id}:{page.path}", path=page.path, title=row.title, column=row.section,
                              number=row.doc_number or "", weight=1.0,
                              sections=gazette.search or [("", "", row.title, "")], **common)]
    rows = [r for s in gazette.sections for r in s.rows]
    found = [IndexDocument(id=f"{site.config.id}:{page.path}", path=page.path, title=page.title, column="政府公报",
                           number=f"总第{issue.total}期", weight=ISSUE_WEIGHT,
                           sections=[("", "目录", "；".join(r.title for r in rows), "")], **common)]
    for row in (r for r in rows if not r.path):
        where = f"{page.path}#{row.anchor}"
        found.append(IndexDocument(
            id=f"{site.config.id}:{where}", path=where, title=row.title, column=row.section,
            number=row.doc_number or "", weight=1.0, **common,
            sections=[("", "", f"{row.title}（{page.title}，{row.section}，正文见 PDF 版）", "")]))
    return found
