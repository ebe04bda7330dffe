"""The pages of the 依申请公开 kind in an organization's section (kinds.py `section_part`), and their
entries in the site's search index (`search`).

    <root>/ysqgk/index.html               how to apply (from the organization's data), statistics, latest cases
    <root>/ysqgk/sqb/index.html           the application form, to fill in on screen or print
    <root>/ysqgk/al/index.html            the 案例库: every case; al/jg/<outcome>/index.html: one outcome's
    <root>/ysqgk/al/<id>/index.html       one case
    <root>/nb/<year>/index.html           the annual report in the national format, with nb-<year>.csv / .xlsx

`<root>` is the section's `zfxxgk/` (`zt/<org>/zfxxgk/` for a hosted department).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from ..descriptions import excerpt
from ..layout import Section, SitePart, SiteView
from ..models import DocumentMeta, Organization
from ..pages import Asset, Attachment, ColumnGroup, ColumnLink, Crumb, Page, SiteBuild, size_label
from ..search_index import IndexDocument
from .model import APPLICANTS, GROUP_SLUGS, AnnualReport, GROUPS, OUTCOME_GROUP, OUTCOME_LABEL, RESULTS
from .report import (CATEGORIES, FOUR_ROWS, THREE_COLUMNS, THREE_PATHS, TWO_FIELDS, Grid, as_csv, as_xlsx,
                     document_two, register_three, table_rows, two_table)
from .stage import LoadedCase, OrgData, Ysqgk

view = dataclass(frozen=True, kw_only=True, slots=True)
NB_TITLE = "政府信息公开年报"  # the standard part's title (assemble.SECTION_TITLES)
LATEST_CASES = 5


@view
class Fact:
    label: str
    text: str
    link: str | None = None  # an external address


@view
class Step:
    title: str
    text: str


@view
class HeadCell:
    text: str
    id: str = ""
    rowspan: int = 1
    colspan: int = 1
    scope: str = "col"  # "col" | "row"; "" for an empty corner (a td)


@view
class DataCell:
    text: str
    headers: str


@view
class TableRow:
    heads: list[HeadCell]
    cells: list[DataCell]


@view
class Table:
    """A table with header ids on every th and `headers` on every cell (two-level heads)."""

    caption: str
    id: str
    head: list[list[HeadCell]]
    rows: list[TableRow]
    note: str | None = None


@view
class CaseLink:
    title: str
    path: str
    outcome: str  # the group (予以公开 …)
    replied: date


@view
class YsqgkView:
    """The 依申请公开 page and the form page."""

    org: Organization
    office: str
    facts: list[Fact]
    steps: list[Step]
    form_path: str
    page_path: str
    updated: date  # the build date its statistics count to
    online: str | None = None
    note: str | None = None
    stats: Table | None = None
    cases: list[CaseLink] = field(default_factory=list)
    cases_path: str | None = None
    case_count: int = 0


@view
class CasesView:
    cases: list[CaseLink]
    outcomes: list[ColumnLink]  # each outcome's pre-built page, with its count
    all_path: str
    current: str = ""           # the outcome a filtered page shows


@view
class CaseView:
    title: str
    replied: date
    applicant: str | None
    question: str
    outcome: str
    outcome_label: str
    reason: str
    basis: list[str]
    cases_path: str
    outcome_path: str


@view
class ReportSection:
    number: str
    anchor: str
    title: str
    html: str = ""  # the office's text (Markdown rendered); the tables of 二, 三, 四 come from `tables`
    tables: list[Table] = field(default_factory=list)
    note: str | None = None


@view
class ReportView:
    org_name: str
    year: int
    published: date
    sections: list[ReportSection]


def _title(name: str, section: Section) -> str:
    return name if section.role == "owner" else f"{section.org.name}{name}"


# ---------------------------------------------------------------- the hook

def section_parts(view: SiteView, section: Section, crumbs: list[Crumb], data: Ysqgk | None) -> list[SitePart]:
    """An organization's 依申请公开 pages (a group on its section's overview) and its annual reports (a
    group on its 年报 page)."""
    found = (data or {}).get(section.org.id)
    if section.org.kind == "enterprise" or found is None:
        return []
    parts = [_ysqgk_part(view, section, crumbs, found)]
    if found.reports:
        public = view.public
        rules = {doc_id: public[doc_id].meta for doc_id in view.doc_paths
                 if public[doc_id].org.id == section.org.id and public[doc_id].meta.category}
        parts.append(_report_part(view, section, crumbs, found, rules, _Metas(public)))
    return parts


class _Metas(Mapping):
    """Every public document's front matter, read from the documents when asked (a site has many
    organizations, a platform 10⁶ documents: not copied for each)."""

    def __init__(self, public: dict):
        self.public = public

    def __getitem__(self, doc_id: str) -> DocumentMeta:
        return self.public[doc_id].meta

    def __iter__(self):
        return iter(self.public)

    def __len__(self) -> int:
        return len(self.public)


def _ysqgk_part(view: SiteView, section: Section, crumbs: list[Crumb], found: OrgData) -> SitePart:
    org, root = section.org, f"{section.root}/ysqgk"
    main, form = f"{root}/index.html", f"{root}/sqb/index.html"
    title = _title("依申请公开", section)
    here = [*crumbs, Crumb(title="依申请公开", path=main)]
    office = found.office
    facts, office_name = _facts(org)
    online = (office.online if office else None) or view.config.online_application
    cases = [_case_link(root, case) for case in found.cases]
    cases_path = f"{root}/al/index.html" if cases else None
    page_view = YsqgkView(org=org, office=office_name, facts=facts, steps=_steps(office_name, org, online),
                          form_path=form, page_path=main, updated=view.today, online=online, note=office.note if office else None,
                          stats=_stats(found, view.today) if office and office.registers else None,
                          cases=cases[:LATEST_CASES], cases_path=cases_path, case_count=len(cases))
    contact = "，".join(f"{f.label}{f.text}" for f in facts[:4])
    pages = [
        Page(path=main, kind="ysqgk", template="ysqgk.html", title=title, column_name="依申请公开",
             column_type="信息公开指南", nav_key=section.nav_key, breadcrumbs=[*crumbs, Crumb(title="依申请公开")],
             description=excerpt(f"向{org.name}申请公开政府信息：{contact}。申请方式、申请表、答复期限和办理情况统计。"),
             org=org, view=page_view),
        Page(path=form, kind="ysqgk_form", template="ysqgk_form.html", title=_title("政府信息公开申请表", section),
             column_name="依申请公开", column_type="信息公开指南", nav_key=section.nav_key,
             breadcrumbs=[*here, Crumb(title="政府信息公开申请表")],
             description=f"{org.name}政府信息公开申请表：可在本页填写后打印，或打印空白表格手工填写，向{office_name}提交。",
             org=org, view=page_view),
    ]
    columns = [ColumnLink(title="申请须知", path=main, count=0), ColumnLink(title="政府信息公开申请表", path=form, count=0)]
    if cases:
        pages += _case_pages(section, root, here, found.cases, cases)
        columns.append(ColumnLink(title="依申请公开案例库", path=cases_path, count=len(cases),
                                  latest=found.cases[0].case.replied))
    return SitePart(pages=pages, group=ColumnGroup(title="依申请公开", anchor="ysqgk", path=main, columns=columns))


def _facts(org: Organization) -> tuple[list[Fact], str]:
    """受理机构 and how to reach it: the `application:` block, else the organization's own data."""
    office = org.application
    name = office.office if office else f"{org.name}政府信息公开工作机构"
    pick = (lambda key: getattr(office, key) or getattr(org, key)) if office else (lambda key: getattr(org, key))
    facts = [Fact(label="受理机构", text=name)]
    address, postcode = pick("address"), pick("postcode")
    if address:
        facts.append(Fact(label="办公地址", text=address + (f"（邮政编码 {postcode}）" if postcode else "")))
    for key, label in (("hours", "办公时间"), ("phone", "联系电话"), ("fax", "传真"), ("email", "电子邮箱")):
        if pick(key):
            facts.append(Fact(label=label, text=pick(key)))
    return facts, name


def _steps(office: str, org: Organization, online: str | None) -> list[Step]:
    """How to apply, in the order an applicant needs it (条例第二十九条至第三十三条)."""
    application = org.application
    ways = ["当面提交", "邮寄信函"]
    if (application and application.fax) or org.fax:
        ways.append("传真")
    if (application and application.email) or org.email:
        ways.append("电子邮件")
    if online:
        ways.append("网上申请系统")
    return [
        Step(title="提出申请", text=f"申请获取政府信息，请向{office}提出书面申请（{'、'.join(ways)}均可）。"
                               "采用书面形式确有困难的，可以口头提出，由受理机构代为填写政府信息公开申请。"),
        Step(title="申请内容", text="申请应当包括：（一）申请人的姓名或者名称、身份证明、联系方式；（二）申请公开的政府信息的名称、"
                               "文号或者便于查询的其他特征性描述；（三）申请公开的政府信息的形式要求，包括获取信息的方式、途径。"
                               "可以使用本页的政府信息公开申请表。"),
        Step(title="收到申请的时间", text="当面提交的，以提交之日为收到申请之日；以邮寄方式提交的，以签收之日为收到申请之日，"
                                   "平常信函等无需签收的，以受理机构与申请人确认之日为收到申请之日；通过互联网渠道或者传真提交的，"
                                   "以双方确认之日为收到申请之日。"),
        Step(title="补正", text="申请内容不明确的，受理机构自收到申请之日起7个工作日内一次性告知申请人补正，答复期限自收到补正的申请之日起计算。"
                              "申请人无正当理由逾期不补正的，视为放弃申请。"),
        Step(title="答复期限", text="能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复。"
                                "需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日。"
                                "征求第三方和其他机关意见所需时间不计算在内。"),
        Step(title="费用", text="依申请提供政府信息不收取费用。申请公开政府信息的数量、频次明显超过合理范围的，"
                              "依照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费。"),
        Step(title="不作为申请处理的事项", text="以政府信息公开申请的形式进行信访、投诉、举报等活动的，不作为政府信息公开申请处理，"
                                       "请通过相应渠道提出；查询本人社会保险、不动产登记等信息，请按相关业务办理。"),
        Step(title="监督和救济", text="申请人认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，"
                                 "也可以依法申请行政复议或者提起行政诉讼。"),
    ]


def _stats(found: OrgData, today: date) -> Table:
    """Applications of this year (so far) and last year, by outcome: table 三's 总计 column."""
    years = [today.year - 1, today.year]
    grids = []
    for year in years:
        report = found.reports.get(year)
        grids.append(report.three.grid if report else register_three(found.applications, year))
    rows = [("新收", "本年新收申请"), ("上年结转", "上年结转申请")] + [(group, group) for group in GROUPS] + \
        [("结转下年度", "正在办理或结转下年度")]
    heads = [HeadCell(text="项目", id="st-h"),
             *(HeadCell(text=f"{year}年" + (f"（截至{today.month}月{today.day}日）" if year == today.year else ""),
                        id=f"st-y{year}") for year in years)]
    body = []
    for number, (key, label) in enumerate(rows, 1):
        cells = [DataCell(text=str(_group_total(grid, key)), headers=f"st-y{year} st-r{number}")
                 for year, grid in zip(years, grids)]
        body.append(TableRow(heads=[HeadCell(text=label, id=f"st-r{number}", scope="row")], cells=cells))
    return Table(caption=f"{found.org.name}政府信息公开申请办理情况（单位：件）", id="st", head=[heads], rows=body,
                 note="按收到申请和作出答复的日期统计，与年度报告表三的“总计”列口径相同；不公开申请人和申请内容。")


def _group_total(grid: Grid, key: str) -> int:
    if key in grid:
        return grid[key]["总计"]
    return sum(values["总计"] for row, values in grid.items() if OUTCOME_GROUP.get(row) == key)


# ---------------------------------------------------------------- 案例库

def _case_link(root: str, case: LoadedCase) -> CaseLink:
    return CaseLink(title=case.case.title, path=f"{root}/al/{case.id}/index.html", outcome=OUTCOME_GROUP[case.outcome],
                    replied=case.case.replied)


def _case_pages(section: Section, root: str, crumbs: list[Crumb], cases: list[LoadedCase],
                links: list[CaseLink]) -> list[Page]:
    org, main = section.org, f"{root}/al/index.html"
    title = _title("依申请公开案例库", section)
    outcomes = [ColumnLink(title=group, path=f"{root}/al/jg/{GROUP_SLUGS[group]}/index.html",
                           count=sum(link.outcome == group for link in links))
                for group in GROUPS if any(link.outcome == group for link in links)]
    pages = [Page(path=main, kind="ysqgk_cases", template="ysqgk_cases.html", title=title, column_name="依申请公开案例库",
                  column_type="信息公开目录", nav_key=section.nav_key, breadcrumbs=[*crumbs, Crumb(title="案例库")],
                  description=excerpt(f"{org.name}依申请公开典型案例 {len(links)} 件（已隐去申请人信息）："
                                      + "；".join(link.title for link in links[:3]) + "。"),
                  org=org, view=CasesView(cases=links, outcomes=outcomes, all_path=main))]
    here = [*crumbs, Crumb(title="案例库", path=main)]
    for outcome in outcomes:
        chosen = [link for link in links if link.outcome == outcome.title]
        pages.append(Page(path=outcome.path, kind="ysqgk_cases", template="ysqgk_cases.html",
                          title=f"{title}：{outcome.title}", column_name="依申请公开案例库", column_type="信息公开目录",
                          nav_key=section.nav_key, breadcrumbs=[*here, Crumb(title=outcome.title)],
                          description=f"{org.name}依申请公开案例库中办理结果为“{outcome.title}”的案例，共 {len(chosen)} 件。",
                          org=org, view=CasesView(cases=chosen, outcomes=outcomes, all_path=main, current=outcome.title)))
    for case, link in zip(cases, links):
        entry = case.case
        outcome_path = next(o.path for o in outcomes if o.title == link.outcome)
        pages.append(Page(path=link.path, kind="ysqgk_case", template="ysqgk_case.html", title=entry.title,
                          column_name="依申请公开案例库", column_type="信息公开目录", nav_key=section.nav_key,
                          breadcrumbs=[*here, Crumb(title=entry.title)],
                          description=excerpt(f"依申请公开案例（{link.outcome}）：{entry.question}"), org=org,
                          view=CaseView(title=entry.title, replied=entry.replied, applicant=entry.applicant,
                                        question=entry.question, outcome=link.outcome,
                                        outcome_label=OUTCOME_LABEL[case.outcome], reason=entry.reason,
                                        basis=entry.basis, cases_path=main, outcome_path=outcome_path)))
    return pages


# ---------------------------------------------------------------- annual reports

def _report_part(view: SiteView, section: Section, crumbs: list[Crumb], found: OrgData,
                 rules: dict[str, DocumentMeta], metas: Mapping[str, DocumentMeta]) -> SitePart:
    org = section.org
    part = [*crumbs, Crumb(title=NB_TITLE, path=section.section_path("nb"))]
    pages, assets, links = [], [], []
    for year, loaded_report in sorted(found.reports.items(), reverse=True):
        report = loaded_report.report
        path = f"{section.root}/nb/{year}/index.html"
        title = f"{org.name}{year}年政府信息公开工作年度报告"
        two = two_table(document_two(year, rules, metas))
        tables = table_rows(two, report, loaded_report.three.grid, loaded_report.four.grid)
        folder = posixpath.dirname(path)
        files = [(f"nb-{year}.csv", "CSV", as_csv(tables)), (f"nb-{year}.xlsx", "XLSX", as_xlsx(tables, title))]
        downloads = [Attachment(title=f"{title}统计表（{kind}）", path=f"{folder}/{name}", size=size_label(len(data)),
                                kind=kind) for name, kind, data in files]
        assets += [Asset(path=f"{folder}/{name}", content=data) for name, _, data in files]
        html = loaded_report.html
        sections = [
            ReportSection(number="一", anchor="nb1", title="总体情况", html=html["overview"]),
            ReportSection(number="二", anchor="nb2", title="主动公开政府信息情况", tables=_two_tables(two, report),
                          note="规章和行政规范性文件的件数由本平台发布的文件统计：本年制发按成文日期，本年废止按失效或被废止的日期，"
                               "现行有效为当年12月31日仍然有效的件数。"),
            ReportSection(number="三", anchor="nb3", title="收到和处理政府信息公开申请情况", tables=[_three_table(loaded_report.three.grid)],
                          note="本表数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和。"),
            ReportSection(number="四", anchor="nb4", title="政府信息公开行政复议、行政诉讼情况", tables=[_four_table(loaded_report.four.grid)]),
            ReportSection(number="五", anchor="nb5", title="存在的主要问题及改进情况", html=html["problems"]),
            ReportSection(number="六", anchor="nb6", title="其他需要报告的事项", html=html["other"]),
        ]
        pages.append(Page(
            path=path, kind="nianbao", template="nianbao.html", title=_title(f"{year}年政府信息公开工作年度报告", section)
            if section.role != "owner" else title, column_name=NB_TITLE, column_type="信息公开年报",
            nav_key=section.nav_key, breadcrumbs=[*part, Crumb(title=f"{year}年年度报告")],
            description=excerpt(f"{title}（国家统一格式）：主动公开、依申请公开、行政复议和行政诉讼情况的统计表和说明。"),
            org=org, downloads=downloads,
            view=ReportView(org_name=org.name, year=year, published=report.published, sections=sections)))
        links.append(ColumnLink(title=f"{year}年政府信息公开工作年度报告", path=path, count=0, latest=report.published))
    group = ColumnGroup(title="政府信息公开工作年度报告（国家统一格式）", anchor="nb-gs", columns=links)
    return SitePart(pages=pages, assets=assets, group=group, under="nb")


def _two_tables(two: dict[str, dict[str, int]], report: AnnualReport) -> list[Table]:
    """Table 二 as four small tables, one per 条例 clause, each with its own column heads."""
    proactive = report.proactive
    blocks = [("第二十条第（一）项", list(TWO_FIELDS.values()), [(c, list(two[c].values())) for c in CATEGORIES]),
              ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", [proactive.licensing])]),
              ("第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", [proactive.punishment]),
                                                    ("行政强制", [proactive.enforcement])]),
              ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", [proactive.fees])])]
    tables = []
    for number, (clause, heads, rows) in enumerate(blocks, 1):
        prefix = f"t2{number}"
        head = [HeadCell(text="信息内容", id=f"{prefix}-h0")] + [HeadCell(text=h, id=f"{prefix}-h{n}")
                                                               for n, h in enumerate(heads, 1)]
        body = [TableRow(heads=[HeadCell(text=name, id=f"{prefix}-r{r}", scope="row")],
                         cells=[DataCell(text=str(v), headers=f"{prefix}-h{n} {prefix}-r{r}")
                                for n, v in enumerate(values, 1)]) for r, (name, values) in enumerate(rows, 1)]
        tables.append(Table(caption=clause, id=prefix, head=[head], rows=body))
    return tables


_COLUMN_IDS = {"自然人": "zrr", "商业企业": "sy", "科研机构": "ky", "社会公益组织": "gy", "法律服务机构": "fl", "其他": "qt",
               "总计": "zj"}


def _three_table(grid: Grid) -> Table:
    """Table 三 in the national layout: applicant types in two levels of column heads, the rows in up
    to three levels of row heads (三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密)."""
    head = [
        [HeadCell(text="", scope="", rowspan=3, colspan=3), HeadCell(text="申请人情况", id="t3-c", colspan=7)],
        [HeadCell(text="自然人", id="t3-zrr", rowspan=2), HeadCell(text="法人或其他组织", id="t3-fr", colspan=5),
         HeadCell(text="总计", id="t3-zj", rowspan=2)],
        [HeadCell(text=name, id=f"t3-{_COLUMN_IDS[name]}") for name in APPLICANTS[1:]],
    ]
    columns = {name: f"t3-c t3-{_COLUMN_IDS[name]}" if name in ("自然人", "总计") else f"t3-c t3-fr t3-{_COLUMN_IDS[name]}"
               for name in THREE_COLUMNS}
    rows, started = [], {}
    for index, (key, path) in enumerate(THREE_PATHS):
        heads, ids = [], []
        for level in range(len(path)):
            prefix = path[:level + 1]
            if prefix not in started:
                span = 1
                while index + span < len(THREE_PATHS) and THREE_PATHS[index + span][1][:level + 1] == prefix:
                    span += 1
                started[prefix] = f"t3-r{index}-{level}"
                heads.append(HeadCell(text=path[level], id=started[prefix], scope="row", rowspan=span,
                                      colspan=3 - len(path) + 1 if level == len(path) - 1 else 1))
            ids.append(started[prefix])
        cells = [DataCell(text=str(grid[key][column]), headers=f"{columns[column]} {' '.join(ids)}")
                 for column in THREE_COLUMNS]
        rows.append(TableRow(heads=heads, cells=cells))
    return Table(caption="收到和处理政府信息公开申请情况（单位：件）", id="t3", head=head, rows=rows)


def _four_table(grid: Grid) -> Table:
    labels = {"维持": "结果维持", "纠正": "结果纠正", "其他": "其他结果", "尚未审结": "尚未审结", "总计": "总计"}
    head = [[HeadCell(text="行政复议", id="t4-fy", colspan=5), HeadCell(text="行政诉讼", id="t4-ss", colspan=10)],
            [*(HeadCell(text=labels[r], id=f"t4-fy{n}", rowspan=2) for n, r in enumerate((*RESULTS, "总计"))),
             HeadCell(text="未经复议直接起诉", id="t4-zj", colspan=5), HeadCell(text="复议后起诉", id="t4-fh", colspan=5)],
            [HeadCell(text=labels[r], id=f"t4-{kind}{n}") for kind in ("zj", "fh") for n, r in enumerate((*RESULTS, "总计"))]]
    cells = []
    for row, kind in zip(FOUR_ROWS, ("fy", "zj", "fh")):
        for n, result in enumerate((*RESULTS, "总计")):
            headers = f"t4-fy t4-fy{n}" if kind == "fy" else f"t4-ss t4-{kind} t4-{kind}{n}"
            cells.append(DataCell(text=str(grid[row][result]), headers=headers))
    return Table(caption="政府信息公开行政复议、行政诉讼情况（单位：件）", id="t4", head=head,
                 rows=[TableRow(heads=[], cells=cells)])


# ---------------------------------------------------------------- search

def search_entry(page: Page, site: SiteBuild) -> list[IndexDocument]:
    """The 依申请公开 page (how to apply), each case and each annual report as documents of the index."""
    if page.kind == "ysqgk":
        content: YsqgkView = page.view
        sections = [("", "受理机构", "；".join(f"{f.label}：{f.text}" for f in content.facts), "")]
        sections += [("", step.title, step.text, "") for step in content.steps]
        day = content.updated.isoformat()
    elif page.kind == "ysqgk_case":
        case: CaseView = page.view
        sections = [("", "申请内容", case.question, ""), ("", "办理结果", f"{case.outcome}：{case.outcome_label}", ""),
                    ("", "答复理由", case.reason, ""), ("", "法律依据", "；".join(case.basis), "")]
        day = case.replied.isoformat()
    elif page.kind == "nianbao":
        report: ReportView = page.view
        sections = [(s.anchor, f"{s.number}、{s.title}", _text(s.html), "") for s in report.sections if s.html]
        day = report.published.isoformat()
    else:
        return []
    return [IndexDocument(id=f"{site.config.id}:{page.path}", path=page.path, title=page.title, date=day,
                          org=page.org.id, org_name=page.org.name, type="依申请公开" if page.kind != "nianbao" else "年报",
                          column=page.column_name, validity="", number="", index_no="", weight=1.0, sections=sections)]


def _text(html: str) -> str:
    """The words of a rendered Markdown text (for the index)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
