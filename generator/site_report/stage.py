"""The website annual report kind in the build: the offices' figures read and checked (`load`), and
what `gongkai check` finds (`ledger`): reports published late or not at all (W794, W795, the
政府网站工作年度报表 table of the 工作台账) and each government site judged against the inspection
rubric (inspection.py: W790–W793, the 政府网站检查指标自查 table and `LedgerPart.inspection`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..diagnostics import Position, Reporter, did_you_mean
from ..ledger import LedgerInputs, LedgerPart, LedgerTable, LedgerTableRow
from ..loading import LoadedCatalog, LoadedPlatform, parse_yaml_file, validate
from ..models import PlatformConfig, SiteConfig
from ..personal import KINDS as PERSONAL_KINDS, scan
from ..sources import LineMap
from .figures import figures
from .inspection import inspect, inspection_table
from .model import ALIASES, SiteReportFile

FOLDER = "data/site-report"
FILE = re.compile(r"^(?P<site>[a-z0-9][a-z0-9-]*)-(?P<year>(19|20)\d{2})\.yaml$")
TITLE = "政府网站工作年度报表"


def deadline(year: int) -> date:
    """The report on `year` is published before 31 January of the next (国办函〔2018〕12号)."""
    return date(year + 1, 1, 31)


@dataclass(frozen=True)
class LoadedSiteReport:
    site: str
    year: int
    report: SiteReportFile
    file: str
    lines: LineMap

    def at(self, *path: str) -> Position:
        """Where a field is written, under whichever of its names."""
        found = _written(self.lines, path)
        return Position(file=self.file, line=found[0] if found else None, column=found[1] if found else None)


@dataclass(frozen=True)
class SiteReports:
    """What the kind loaded: each government site's reports by year, and where each site is written
    in platform.yaml (its findings are reported there)."""

    reports: dict[tuple[str, int], LoadedSiteReport] = field(default_factory=dict)
    sites: dict[str, Position] = field(default_factory=dict)  # government site id -> its entry in platform.yaml

    def of(self, site: str) -> list[LoadedSiteReport]:
        """A site's reports, the newest year first."""
        return sorted((r for (s, _), r in self.reports.items() if s == site), key=lambda r: -r.year)


def government_sites(config: PlatformConfig, catalogs: dict[str, LoadedCatalog]) -> list[SiteConfig]:
    """The sites of government organizations: those that publish the report and are inspected."""
    return [site for site in config.sites if site.org in catalogs and catalogs[site.org].org.kind != "enterprise"]


# ---------------------------------------------------------------- load

def load(project: Path, platform: LoadedPlatform, catalogs: dict[str, LoadedCatalog], reporter: Reporter,
         cache: dict | None = None) -> SiteReports:
    """Every `data/site-report/<site>-<year>.yaml`, validated.  `cache` keeps the previous result (and
    its diagnostics) while the government sites and every file's stamp are unchanged."""
    config = platform.config
    government = {site.id for site in government_sites(config, catalogs)}
    sites = {site.id: _site_at(platform, index) for index, site in enumerate(config.sites) if site.id in government}
    folder = project / FOLDER
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml")
                   and not p.name.startswith(".")) if folder.is_dir() else []  # not an editor's temporary files
    key = (sites, [(p.name, info.st_mtime_ns, info.st_size) for p in files for info in [p.stat()]])
    previous = cache if cache is not None else {}
    if previous.get("key") == key:
        data, diagnostics = previous["data"], previous["diagnostics"]
    else:
        found = Reporter()
        data = SiteReports(reports=_read(project, files, sites, found), sites=sites)
        diagnostics = found.diagnostics
    if cache is not None:
        cache.clear()
        cache.update(key=key, data=data, diagnostics=diagnostics)
    reporter.extend(diagnostics)
    return data


def _site_at(platform: LoadedPlatform, index: int) -> Position:
    line, column = platform.lines.key(("sites", index, "id")) or (None, None)
    return Position(file=platform.file, line=line, column=column)


def _read(project: Path, files: list[Path], sites: dict[str, Position],
          reporter: Reporter) -> dict[tuple[str, int], LoadedSiteReport]:
    reports = {}
    for path in files:
        file = f"{FOLDER}/{path.name}"
        matched = FILE.match(path.name)
        if not matched:
            reporter.report("E794", Position(file=file), file=file)
            continue
        site, year = matched.group("site"), int(matched.group("year"))
        if site not in sites:
            reporter.report("E795", Position(file=file), site=site, suggest=did_you_mean(site, sites, "政府网站"))
            continue
        parsed = parse_yaml_file(path, project, "site_report", reporter)
        if parsed is None:
            continue
        data, lines = parsed
        report = validate(SiteReportFile, data, lines, file, "site_report", reporter)
        if report is None:
            continue
        loaded = LoadedSiteReport(site=site, year=year, report=report, file=file, lines=lines)
        if report.published <= date(year, 12, 31):
            reporter.report("E796", loaded.at("published"), published=report.published, year=year)
            continue
        if _personal(loaded, reporter):
            continue
        reports[(site, year)] = loaded
    return reports


def _personal(loaded: LoadedSiteReport, reporter: Reporter) -> bool:
    """E797 for an ID, mobile or bank card number in any text the report publishes (names, the
    contact phone, accounts, innovations); whether there was one."""
    report = loaded.report
    texts = [(("signed", name), getattr(report.signed, name)) for name in ("head", "reviewer", "preparer", "phone")]
    texts += [(("media", n, name), getattr(account, name)) for n, account in enumerate(report.media)
              for name in ("platform", "name")]
    texts += [(("innovation", n), text) for n, text in enumerate(report.innovation)]
    found = False
    for path, text in texts:
        for finding in scan(text):
            reporter.report("E797", loaded.at(*path), kind=PERSONAL_KINDS[finding.kind], masked=finding.masked)
            found = True
    return found


def _written(lines: LineMap, path: tuple) -> tuple[int, int] | None:
    """The position of a field given by its canonical names, written under any alias."""
    return lines.value(lines.as_written(path, ALIASES))


# ---------------------------------------------------------------- gongkai check

def ledger(data: SiteReports | None, inputs: LedgerInputs, reporter: Reporter | None) -> LedgerPart:
    """Each government site's report on the last year due: published on time, late (W794) or missing
    (W795); and each site judged against the inspection rubric (inspection.py)."""
    from ..plan import sections_by_site  # plan.py walks the kinds, this among them

    data = data or SiteReports()
    sites = government_sites(inputs.config, inputs.catalogs)
    sections = sections_by_site(inputs.config, inputs.catalogs)
    today = inputs.today
    rows = [_report_row(site, data, today, reporter) for site in sites]
    if reporter:
        for site in sites:
            for loaded in data.of(site.id):
                _check_figures(loaded, figures(site, inputs.config, sections.get(site.id, []), inputs.public,
                                               inputs.contents.get("interaction"), loaded.year, loaded.report), reporter)
    portal = next((s.id for s in inputs.config.sites if s.kind == "portal"), None)
    inspections = inspect(sites, data.sites, sections, inputs, reporter)
    tables = [LedgerTable(kind="site_report", site=portal, title=TITLE,
                          note="各政府网站于每年1月31日前在首页发布上一年度的工作年度报表（国办函〔2018〕12号）。",
                          heads=["网站", "报表年度", "发布日期", "应发布日期"], rows=rows)]
    if inspections:
        tables.append(inspection_table(inspections, sites, portal))
    return LedgerPart(tables=tables, inspection=inspections)


def _report_row(site: SiteConfig, data: SiteReports, today: date, reporter: Reporter | None) -> LedgerTableRow:
    """The site's row: the report on the last year due (or on last year, once published in January)."""
    notes = []
    for loaded in reversed(data.of(site.id)):
        limit = deadline(loaded.year)
        if loaded.report.published > limit:
            notes.append(f"{loaded.year}年度报表于 {loaded.report.published.isoformat()} 发布，晚于 {limit.isoformat()}")
            if reporter:
                reporter.report("W794", loaded.at("published"), site=site.id, year=loaded.year,
                                published=loaded.report.published, deadline=limit)
    due = today.year - 1 if today > deadline(today.year - 1) else today.year - 2
    coming = today.year - 1 if due < today.year - 1 else None  # due by the end of this January
    year = coming if coming and (site.id, coming) in data.reports else due
    shown = data.reports.get((site.id, year))
    status = []
    if shown is None:
        status.append("逾期")
        notes.append(f"{due}年度报表尚未发布（应于 {deadline(due).isoformat()} 前发布）")
        if reporter:
            reporter.report("W795", data.sites.get(site.id), site=site.id, title=site.title, year=due,
                            deadline=deadline(due), file=f"{FOLDER}/{site.id}-{due}.yaml")
    elif shown.report.published > deadline(year):
        status.append("逾期")
    if coming and (site.id, coming) not in data.reports:
        status.append("即将到期")
        notes.append(f"{coming}年度报表应于 {deadline(coming).isoformat()} 前发布")
    return LedgerTableRow(org=site.org, org_name=site.title,
                          cells=[f"{year}年度", shown.report.published.isoformat() if shown else "未发布",
                                 deadline(year).isoformat()],
                          status=status or ["按时"], notes=notes)


# an entered figure (its fields) that cannot exceed another row of the form (the platform's or the office's)
BOUNDED = [(("services", "online"), ("办事服务", "可全程在线办理政务服务事项数量（单位：项）"),
            ("办事服务", "政务服务事项数量（单位：项）"), "（平台统计：本站发布的办事指南件数）"),
           (("security", "fixed"), ("安全防护", "问题整改数量（单位：个）"), ("安全防护", "发现问题数量（单位：个）"), ""),
           (("interaction", "interview_answers"), ("互动交流", "在线访谈", "答复网民提问数量（单位：条）"),
            ("互动交流", "在线访谈", "网民留言数量（单位：条）"), "")]


def _check_figures(loaded: LoadedSiteReport, rows: list, reporter: Reporter) -> None:
    """W796 for an entered figure the rest of the form contradicts."""
    value = {row.path: row.value for row in rows}
    for fields, path, bound, note in BOUNDED:
        if int(value[path]) > int(value[bound]):
            reporter.report("W796", loaded.at(*fields), year=loaded.year, field=path[-1], value=value[path],
                            problem=f"多于“{bound[-1]}” {value[bound]}{note}")
    opinions = ("互动交流", "征集调查", "收到意见数量（单位：条）")
    if int(value[opinions]) and not int(value[("互动交流", "征集调查", "征集调查期数（单位：期）")]):
        reporter.report("W796", loaded.at("interaction", "opinions"), year=loaded.year, field=opinions[-1],
                        value=value[opinions], problem=f"本站{loaded.year}年没有开始征集意见的征求意见稿（平台统计的征集调查期数为 0）")
