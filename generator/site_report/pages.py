"""A government site's 《政府网站工作年度报表》 pages (kinds.py `site_part`) and their search entries.

    wzbb/index.html                  every year's report of the site; on a portal also the other
                                     government sites' reports of the platform (国办函〔2018〕12号:
                                     portals gather them in a column)
    wzbb/<year>/index.html           the report in the form's layout, printable
    wzbb/<year>/wzbb-<year>.csv      the same rows as a table (UTF-8 with BOM, as Excel opens it)

The home page's quick links name the newest report (SitePart.link), as the rule asks for it on the
home page.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from ..descriptions import excerpt
from ..layout import HOME, SitePart, SiteView
from ..pages import Asset, Attachment, ColumnLink, Crumb, Page, SiteBuild, size_label
from ..search_index import IndexDocument
from .figures import Figure, figures
from .model import Signed
from .stage import TITLE, LoadedSiteReport, SiteReports

view = dataclass(frozen=True, kw_only=True, slots=True)
FOLDER = "wzbb"
MAIN = f"{FOLDER}/index.html"
DEPTH = 3  # levels of row heads: 互动交流 › 留言办理 › 收到留言数量


@view
class RowHead:
    text: str
    id: str
    rowspan: int = 1
    colspan: int = 1


@view
class FormRow:
    heads: list[RowHead]  # the heads this row starts (a group's head spans the rows under it)
    ids: str              # every head over the row, for the cells' `headers`
    value: str
    source: str


@view
class ReportLink:
    title: str
    path: str             # a page of this site, or an absolute URL on another site
    published: date
    external: bool = False


@view
class ReportView:
    site_title: str
    sponsor: str
    year: int
    published: date
    rows: list[FormRow]
    signed: Signed
    sections: list[tuple[str, str]]  # (group, its rows as text), for the search index
    others: list[ReportLink] = field(default_factory=list)  # the site's other years


@view
class ReportsView:
    reports: list[ReportLink]
    elsewhere: list[ReportLink] = field(default_factory=list)  # other sites' reports (on a portal)


def report_path(year: int) -> str:
    return f"{FOLDER}/{year}/index.html"


def site_part(view: SiteView, data: SiteReports | None) -> SitePart | None:
    """The site's reports and the list of them; nothing on a site that is not a government's."""
    if data is None or view.site.id not in data.sites:
        return None
    site, mine = view.site, data.of(view.site.id)
    elsewhere = _elsewhere(view, data) if site.kind == "portal" else []
    if not mine and not elsewhere:
        return None
    links = [ReportLink(title=f"政府网站工作年度报表（{r.year}年度）", path=report_path(r.year),
                        published=r.report.published) for r in mine]
    crumbs = [HOME, Crumb(title=TITLE, path=MAIN)]
    pages, assets = [], []
    for loaded in mine:
        page, csv_asset = _report_page(view, loaded, crumbs, [link for link in links if link.path != report_path(loaded.year)])
        pages.append(page)
        assets.append(csv_asset)
    pages.append(Page(
        path=MAIN, kind="wzbb_list", template="wzbb_list.html", title=TITLE, column_name=TITLE,
        column_type="信息公开年报", breadcrumbs=[HOME, Crumb(title=TITLE)],
        description=excerpt(f"{site.title}各年度的政府网站工作年度报表" + ("及本平台其他政府网站的年度报表" if elsewhere else "")
                            + "：信息发布、专栏专题、解读回应、办事服务、互动交流、安全防护、移动新媒体、创新发展情况。"),
        view=ReportsView(reports=links, elsewhere=elsewhere)))
    link = ColumnLink(title=f"{mine[0].year}年度{TITLE}", path=report_path(mine[0].year), count=0,
                      latest=mine[0].report.published) if mine else ColumnLink(title=TITLE, path=MAIN, count=0)
    return SitePart(pages=pages, assets=assets, link=link)


def _elsewhere(view: SiteView, data: SiteReports) -> list[ReportLink]:
    """The other government sites' reports, at their own addresses (when the platform knows them)."""
    found = []
    for other in view.config.sites:
        url = view.config.site_url(other)
        if other.id == view.site.id or other.id not in data.sites or not url:
            continue
        found += [ReportLink(title=f"{other.title}网站工作年度报表（{r.year}年度）", path=url + report_path(r.year),
                             published=r.report.published, external=True) for r in data.of(other.id)]
    return found


def _report_page(view: SiteView, loaded: LoadedSiteReport, crumbs: list[Crumb],
                 others: list[ReportLink]) -> tuple[Page, Asset]:
    site, report, year = view.site, loaded.report, loaded.year
    rows = figures(site, view.config, view.sections, view.public, view.contents.get("interaction"), year, report)
    path = report_path(year)
    title = f"{site.title}网站工作年度报表（{year}年度）"
    data = as_csv(title, rows, report.signed, report.published)
    name = f"{FOLDER}/{year}/wzbb-{year}.csv"
    figure = {row.path: row.value for row in rows}
    description = excerpt(
        f"{title}：全年发布信息 {figure[('信息发布（单位：条）', '总数')]} 条，"
        f"解读材料 {figure[('解读回应', '解读信息发布（单位：条）', '其中：解读材料数量')]} 条，"
        f"政务服务事项 {figure[('办事服务', '政务服务事项数量（单位：项）')]} 项，"
        f"办结留言 {figure[('互动交流', '留言办理', '办结留言数量（单位：条）')]} 条。", limit=160)
    page = Page(
        path=path, kind="wzbb", template="wzbb.html", title=title, column_name=TITLE, column_type="信息公开年报",
        breadcrumbs=[*crumbs, Crumb(title=f"{year}年度")], description=description,
        downloads=[Attachment(title=f"{title}（CSV）", path=name, size=size_label(len(data)), kind="CSV")],
        view=ReportView(site_title=site.title, sponsor=site.identity.sponsor, year=year, published=report.published,
                        rows=form_rows(rows), signed=report.signed, sections=_sections(rows), others=others))
    return page, Asset(path=name, content=data)


def form_rows(rows: list[Figure]) -> list[FormRow]:
    """The rows with their heads: a group's head once, spanning its rows; a row's last head spanning
    the levels it does not use."""
    started: dict[tuple[str, ...], str] = {}
    found = []
    for index, row in enumerate(rows):
        heads, ids = [], []
        for level in range(len(row.path)):
            prefix = row.path[:level + 1]
            if prefix not in started:
                span = 1
                while index + span < len(rows) and rows[index + span].path[:level + 1] == prefix:
                    span += 1
                started[prefix] = f"wb-r{index}-{level}"
                last = level == len(row.path) - 1
                heads.append(RowHead(text=row.path[level], id=started[prefix], rowspan=span,
                                     colspan=DEPTH - level if last else 1))
            ids.append(started[prefix])
        found.append(FormRow(heads=heads, ids=" ".join(ids), value=row.value, source=row.source))
    return found


def as_csv(title: str, rows: list[Figure], signed: Signed, published: date) -> bytes:
    """The form as a table: its heads in three columns, the value and where it comes from."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title])
    writer.writerow(["项目", "分项", "指标", "数值", "数据来源"])
    for row in rows:
        writer.writerow([*row.path, *[""] * (DEPTH - len(row.path)), row.value, row.source])
    writer.writerow([])
    writer.writerows([["单位负责人", signed.head], ["审核人", signed.reviewer], ["填报人", signed.preparer],
                      ["联系电话", signed.phone], ["填报日期", published.isoformat()]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sections(rows: list[Figure]) -> list[tuple[str, str]]:
    """Each group of the form (基本信息 for the rows before 信息发布) as one text."""
    groups: dict[str, list[str]] = {}
    for row in rows:
        group = row.path[0] if len(row.path) > 1 or row.path[0] == "创新发展" else "基本信息"
        groups.setdefault(group, []).append(f"{'：'.join(row.path[1:] or row.path)} {row.value}")
    return [(group, "；".join(texts)) for group, texts in groups.items()]


# ---------------------------------------------------------------- search

def search(page: Page, site: SiteBuild) -> list[IndexDocument]:
    """A report as a document of the site's index, a section per group of the form."""
    if page.kind != "wzbb":
        return []
    report: ReportView = page.view
    return [IndexDocument(id=f"{site.config.id}:{page.path}", path=page.path, title=page.title,
                          date=report.published.isoformat(), org=site.owner.id, org_name=site.owner.name, type="年报",
                          column=TITLE, validity="", number="", index_no="", weight=1.0,
                          sections=[("", group, text, "") for group, text in report.sections])]
