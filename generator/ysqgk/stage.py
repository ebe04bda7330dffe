"""The 依申请公开 kind in the build: reading each organization's register, cases and report data
(`load`, after the catalogs), and what `gongkai check` finds in them (`ledger_rows`: deadlines on the
statutory calendar, late reports, figures that contradict the platform's data, a 指南 that does not
say where to apply), with the organization's rows of the 工作台账.

The register's personal columns are masked as they are read (records/table.py) and, with the request
text, dropped here: an `Application` holds dates and categories only, so no later stage can publish
who applied or what they asked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..diagnostics import Position, Reporter
from ..loading import LoadedCatalog, LoadedPlatform, SourceDocument, validate
from ..markdown import is_external, render_body
from ..models import Organization
from ..personal import KINDS as PERSONAL_KINDS
from ..personal import scan
from ..records.model import Record
from ..records.table import read_records
from ..sources import LineMap, YamlError, file_stamp, load_yaml
from ..workdays import CalendarGap, add_working_days, working_days_between
from .report import (CATEGORIES, TWO_FIELDS, Figures, document_two, enter, rules_by_org, register_four, register_three,
                     report_deadline, row_label)
from .model import (ALIASES, APPLICANTS, CONFIRMED, AnnualReport, Application, ApplicationOffice, Case, CaseFile,
                    outcome_hint, parse_outcome, register_spec)

REPLY_DAYS = 20        # 条例第三十三条: working days to reply from receipt
EXTENSION_DAYS = 20    # … and at most this many more when extended
CORRECTION_DAYS = 7    # 条例第三十条: the 补正 notice within this many working days of receipt
NEAR_DAYS = 5          # `check` warns this many working days before a deadline
REPORT_FILE = re.compile(r"^nb-(\d{4})\.yaml$")


@dataclass(frozen=True)
class LoadedCase:
    id: str
    case: Case
    outcome: str  # its code (model.OUTCOMES)
    file: str
    line: int


@dataclass(frozen=True)
class LoadedReport:
    year: int
    report: AnnualReport
    file: str
    lines: LineMap
    html: dict[str, str]  # overview / problems / other, rendered from Markdown
    three: Figures        # tables 三 and 四 as published (report.py)
    four: Figures


@dataclass
class OrgData:
    """One government organization's 依申请公开 data (empty lists where it keeps none)."""

    org: Organization
    applications: list[Application] = field(default_factory=list)
    cases: list[LoadedCase] = field(default_factory=list)
    reports: dict[int, LoadedReport] = field(default_factory=dict)

    @property
    def office(self) -> ApplicationOffice | None:
        return self.org.application


Ysqgk = dict[str, OrgData]  # organization id -> its data


# ---------------------------------------------------------------- load

def load(project: Path, platform: LoadedPlatform, catalogs: dict[str, LoadedCatalog], reporter: Reporter,
         cache: dict | None = None) -> Ysqgk:
    """Every government organization's register, cases and annual reports.  `cache` (org id ->
    ((organization, its catalog's positions), stamps, data, diagnostics)) keeps an organization's while its block and files are
    unchanged; updated."""
    previous = cache if cache is not None else {}
    current, data = {}, {}
    for org_id, loaded in sorted(catalogs.items()):
        org = loaded.org
        if org.kind == "enterprise":
            continue
        office = org.application
        files = [*(office.registers if office else []), *([office.cases] if office and office.cases else [])]
        reports = sorted(p.relative_to(project).as_posix() for p in (project / "data" / org_id).glob("nb-*")
                         if p.is_file())
        stamps = [file_stamp(project / name) for name in [*files, *reports]] + [reports]
        before = previous.get(org_id)  # (the catalog's positions too: problems are reported at its keys)
        if before and before[0] == (org, loaded.lines) and before[1] == stamps:
            found, diagnostics = before[2], before[3]
        else:
            local = Reporter()
            applications = _applications(project, loaded, local)
            found = OrgData(org=org, applications=applications, cases=_cases(project, loaded, local),
                            reports=_reports(project, reports, applications, bool(office and office.registers), local))
            diagnostics = local.diagnostics
        current[org_id] = ((org, loaded.lines), stamps, found, diagnostics)
        reporter.extend(diagnostics)
        data[org_id] = found
    if cache is not None:
        cache.clear()
        cache.update(current)
    return data


def _block_at(loaded: LoadedCatalog, *keys: tuple[str, ...]) -> Position:
    """Where the `application:` block (or one of its keys, each given with its aliases) is written."""
    path: tuple = ("org",)
    for names in (("application", "依申请公开"), *keys):
        path += (next((n for n in names if path + (n,) in loaded.lines.values), names[0]),)
    return loaded.at(*path)


def _applications(project: Path, loaded: LoadedCatalog, reporter: Reporter) -> list[Application]:
    office = loaded.org.application
    if not office or not office.registers:
        return []
    found = Reporter()
    records = read_records(project, register_spec(office.registers),
                           _block_at(loaded, ("registers", "register", "台账")), found)
    reporter.extend(found.diagnostics)
    broken = {(d.file, d.line) for d in found.errors}  # rows with a bad cell: reported already
    return [app for record in records if (record.file, record.line) not in broken
            for app in [_application(loaded.org.id, record, reporter)] if app]


def _application(org: str, record: Record, reporter: Reporter) -> Application | None:
    """A register row as an `Application` (no name, contact or request text); None with its problems
    reported when its dates or categories do not hold together."""
    values, found = record.values, Reporter()

    def at(name: str) -> Position:
        return Position(file=record.file, line=record.line, column=record.columns.get(name))

    def before(later: str, earlier: str) -> None:
        if values[later] and values[earlier] and values[later] < values[earlier]:
            found.report("E772", at(later), row=record.line, later=later, value=values[later], earlier=earlier,
                            other=values[earlier])

    channel, arrived = values["渠道"], values["收到日期"]
    received = values["确认日期"] if channel in CONFIRMED and values["确认日期"] else arrived
    before("确认日期", "收到日期")
    before("补正告知日期", "收到日期")
    before("补正收到日期", "补正告知日期")
    before("答复日期", "收到日期")
    if values["补正收到日期"] and not values["补正告知日期"]:
        found.report("E773", at("补正收到日期"), row=record.line)
    if bool(values["答复日期"]) != bool(values["办理结果"]):
        given, missing = ("答复日期", "办理结果") if values["答复日期"] else ("办理结果", "答复日期")
        found.report("E771", at(given), row=record.line, given=given, missing=missing)
    outcome = None
    if values["办理结果"]:
        outcome = parse_outcome(str(values["办理结果"]))
        if outcome is None:
            found.report("E770", at("办理结果"), row=record.line, value=values["办理结果"],
                            hint=outcome_hint(str(values["办理结果"])))
    for name in ("复议", "诉讼"):
        if values[f"{name}结果"] and not values[f"{name}日期"]:
            found.report("E774", at(f"{name}结果"), row=record.line, what=name)
    reporter.extend(found.diagnostics)
    if found.diagnostics:
        return None
    return Application(
        org=org, number=str(values["编号"]), file=record.file, line=record.line, columns=record.columns,
        received=received, channel=channel, applicant=values["申请人类型"],
        correction_sent=values["补正告知日期"], correction_received=values["补正收到日期"],
        extended=values["延期"] == "是", excluded=max(0, int(values["扣除工作日"] or 0)),
        replied=values["答复日期"], outcome=outcome, review=values["复议日期"], review_result=values["复议结果"],
        suit=values["诉讼日期"], suit_result=values["诉讼结果"])


def _read_yaml(project: Path, file: str, reporter: Reporter) -> tuple[object, LineMap] | None:
    try:
        return load_yaml((project / file).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        reporter.report("E775", Position(file=file, line=1, column=1), problem="文件不是 UTF-8 编码")
    except YamlError as error:
        reporter.report("E775", Position(file=file, line=error.line, column=error.column), problem=error.problem)
    return None


def _cases(project: Path, loaded: LoadedCatalog, reporter: Reporter) -> list[LoadedCase]:
    office = loaded.org.application
    if not office or not office.cases:
        return []
    file = office.cases
    if not (project / file).is_file():
        reporter.report("E779", _block_at(loaded, ("cases", "案例")), file=file, what="案例库文件")
        return []
    parsed = _read_yaml(project, file, reporter)
    if parsed is None or parsed[0] is None:
        return []
    data, lines = parsed
    cases = validate(CaseFile, data, lines, file, "ysqgk", reporter)
    if cases is None:
        return []
    found = []
    for case_id, case in cases.root.items():
        where = lines.value((case_id,))
        line = where[0] if where else 1
        outcome = parse_outcome(case.outcome)
        key = next((k for k in ("outcome", "办理结果") if (case_id, k) in lines.values), "outcome")
        if outcome is None:
            position = lines.value((case_id, key))
            reporter.report("E770", Position(file=file, line=position[0], column=position[1]), row=line,
                            value=case.outcome, hint=outcome_hint(case.outcome))
            continue
        texts = {name: getattr(case, name) for name in ("title", "question", "reason")} | \
            {("basis", n): text for n, text in enumerate(case.basis)}
        if _personal(file, lines, texts, (case_id,), reporter):
            continue
        found.append(LoadedCase(id=case_id, case=case, outcome=outcome, file=file, line=line))
    return sorted(found, key=lambda c: (-c.case.replied.toordinal(), c.id))


def _personal(file: str, lines: LineMap, texts: dict, prefix: tuple, reporter: Reporter) -> bool:
    """E783 for every ID, mobile or bank card number in `texts` (a field -> its text; the guard of
    what cases and reports publish); whether there was one."""
    found = False
    for name, text in texts.items():
        for finding in scan(text):
            path = prefix + (name if isinstance(name, tuple) else (name,))
            where = _first_line(lines, path, text)
            line = where[0] + finding.line - 1 if where else None
            reporter.report("E783", Position(file=file, line=line, column=where[1] if where else None),
                            kind=PERSONAL_KINDS[finding.kind], masked=finding.masked)
            found = True
    return found


def _written(lines: LineMap, path: tuple) -> tuple[int, int] | None:
    """The position of a field given by its canonical names, written under any alias."""
    return lines.values.get(lines.as_written(path, ALIASES))


def _first_line(lines: LineMap, path: tuple, text: str) -> tuple[int, int] | None:
    """Where a text field's first line is: a text of several lines is a block scalar (`|`), which
    starts on the line after its key."""
    where = _written(lines, path)
    return (where[0] + ("\n" in text.strip()), where[1]) if where else None


def _reports(project: Path, files: list[str], applications: list[Application], has_register: bool,
             reporter: Reporter) -> dict[int, LoadedReport]:
    reports = {}
    for file in files:
        name = file.rsplit("/", 1)[-1]
        matched = REPORT_FILE.match(name)
        if not matched:
            reporter.report("E779", Position(file=file), file=file, what="年报数据文件")
            continue
        parsed = _read_yaml(project, file, reporter)
        if parsed is None:
            continue
        data, lines = parsed
        report = validate(AnnualReport, data, lines, file, "ysqgk", reporter)
        if report is None:
            continue
        texts = {name: getattr(report, name) for name in ("overview", "problems", "other")}
        if _personal(file, lines, texts, (), reporter):
            continue
        html = {}
        for name, text in texts.items():
            where = _first_line(lines, (name,), text)
            body = render_body(text, where[0] if where else 1, _external_only)
            for problem in body.problems:
                reporter.report("E784", Position(file=file, line=problem.line), target=problem.target)
            html[name] = body.html
        year = int(matched.group(1))
        three = enter(register_three(applications, year), has_register, report.applications, "三", file, lines,
                      "applications", reporter)
        four = enter(register_four(applications, year), has_register, report.reviews, "四", file, lines,
                     "reviews", reporter)
        reports[year] = LoadedReport(year=year, report=report, file=file, lines=lines, html=html, three=three,
                                     four=four)
    return reports


def _external_only(href: str) -> tuple[str, str, str] | None:
    """A report's text links to other websites only (it is no document with a folder of its own)."""
    return ("external", href, "") if is_external(href) else None


# ---------------------------------------------------------------- deadlines

def received_on(channel: str, arrived: date, confirmed: date | None) -> date:
    """The day an application counts as received (条例第三十一条): the day it was handed in (当面) or
    signed for (邮寄); for ordinary mail, the internet and fax, the day it was confirmed with the applicant."""
    return confirmed if channel in CONFIRMED and confirmed else arrived


def deadline(app: Application) -> date | None:
    """The last day to reply: 20 working days from receipt, or from the receipt of the 补正 where one
    was asked, 20 more when extended, plus the days consulting others took (条例第三十条、第三十三条);
    None while a 补正 is awaited (the clock has not started).  Raises CalendarGap."""
    if app.correction_sent and not app.correction_received:
        return None
    start = app.correction_received or app.received
    return add_working_days(start, REPLY_DAYS + (EXTENSION_DAYS if app.extended else 0) + app.excluded)


@dataclass(frozen=True)
class Standing:
    """Where an application stands on a day: its deadline and, if pending, how many working days are
    left (negative: overdue); if answered, how many working days late."""

    app: Application
    due: date | None
    left: int | None = None
    late: int = 0
    unknown_year: int | None = None  # the calendar does not cover this year


def standing(app: Application, today: date) -> Standing:
    try:
        due = deadline(app)
        if due is None:
            return Standing(app, None)
        if app.replied:
            return Standing(app, due, late=working_days_between(due, app.replied))
        left = working_days_between(today, due) if due >= today else -working_days_between(due, today)
        return Standing(app, due, left=left)
    except CalendarGap as gap:
        return Standing(app, None, unknown_year=gap.year)


# ---------------------------------------------------------------- check and the ledger

def ledger_rows(data: Ysqgk | None, inputs, reporter: Reporter | None):
    """Each organization's 依申请公开 and 年报 rows of the 工作台账 (a ledger.LedgerPart); with a
    reporter (gongkai check), every finding as a warning at its file and row."""
    from ..ledger import LedgerPart, LedgerRow

    catalogs, documents, today = inputs.catalogs, inputs.documents, inputs.today

    data = data or {}
    public = {d.id: d for d in documents if d.meta.is_public}
    metas = {doc_id: d.meta for doc_id, d in public.items()}
    rules = rules_by_org(metas)
    rows, gaps = [], set()
    for org_id, found in data.items():
        loaded = catalogs[org_id]
        if not (found.office or found.reports):
            continue
        org = found.org
        if found.office:
            rows.append(_application_row(found, loaded, today, reporter, gaps))
            if reporter:
                _check_guide(found, loaded, documents, reporter)
        if reporter:
            for loaded_report in found.reports.values():
                _check_figures(found, loaded_report, rules.get(org_id, {}), metas, reporter)
            _check_carry_over(found, reporter)
            undated = {i for year in found.reports for c in document_two(year, rules.get(org_id, {}), metas).values()
                       for i in c.undated}
            for doc_id in sorted(undated):
                reporter.report("W779", public[doc_id].at("validity"), validity=metas[doc_id].validity)
        due = report_deadline(loaded, today.year - 1)
        notes, late = [], False
        for year, loaded_report in sorted(found.reports.items()):
            published, limit = loaded_report.report.published, report_deadline(loaded, year)
            if published > limit:
                late = True
                notes.append(f"{year}年年报于 {published.isoformat()} 发布，晚于 {limit.isoformat()}")
                if reporter:
                    reporter.report("W776", _report_at(loaded_report, ("published",)), year=year,
                                    published=published, deadline=limit)
        if today > due and today.year - 1 not in found.reports:
            late = True
            notes.append(f"{today.year - 1}年年报尚未发布（应于 {due.isoformat()} 前发布）")
            if reporter:
                reporter.report("W777", _block_at(loaded) if found.office else loaded.at("org", "id"),
                                org=org.name, year=today.year - 1, deadline=due, file=f"data/{org_id}/nb-{today.year - 1}.yaml")
        newest = max(found.reports, default=None)
        rule = f"每年{due.month}月{due.day}日前"
        rows.append(LedgerRow(
            org=org_id, org_name=org.name, item="_nb", l1="政府信息公开工作年度报告", l2="年度报告（国家统一格式）",
            time_limit=rule, time_limit_short=rule, published=len(found.reports), withheld=0,
            newest=found.reports[newest].report.published if newest else None, status=["逾期"] if late else ["按时"],
            page=f"nb/{newest}/index.html" if newest else "nb/index.html", notes=notes))
    return LedgerPart(rows=rows)


def _application_row(found: OrgData, loaded: LoadedCatalog, today: date, reporter: Reporter | None, gaps: set):
    from ..ledger import LedgerRow

    notes, status = [], set()
    this_year = [a for a in found.applications if a.received.year == today.year]
    for app in found.applications:
        state = standing(app, today)
        where = f"{app.file} 第 {app.line} 行"
        if state.unknown_year:
            if reporter and state.unknown_year not in gaps:
                gaps.add(state.unknown_year)
                reporter.report("W311", _cell(app, "收到日期"), year=state.unknown_year)
            continue
        if app.correction_sent and reporter:
            try:
                limit = add_working_days(app.received, CORRECTION_DAYS)
                if app.correction_sent > limit:
                    reporter.report("W773", _cell(app, "补正告知日期"), number=app.number, sent=app.correction_sent,
                                    received=app.received, deadline=limit)
            except CalendarGap:
                pass
        if state.due is None:
            if not app.replied:
                notes.append(f"待补正：申请 {app.number}（{app.correction_sent.isoformat()} 告知补正，{where}）")
            continue
        if app.replied:
            if state.late > 0:
                if reporter:
                    reporter.report("W772", _cell(app, "答复日期"), number=app.number, replied=app.replied,
                                    deadline=state.due, late=state.late)
                if app.replied.year == today.year:
                    status.add("逾期")
                    notes.append(f"超期答复：申请 {app.number} 于 {app.replied.isoformat()} 答复，"
                                 f"应不晚于 {state.due.isoformat()}（逾期 {state.late} 个工作日，{where}）")
            continue
        if state.left < 0 or (state.left == 0 and today > state.due):
            status.add("逾期")
            notes.append(f"逾期 {-state.left} 个工作日：申请 {app.number}（收到 {app.received.isoformat()}，"
                         f"应不晚于 {state.due.isoformat()} 答复，{where}）")
            if reporter:
                reporter.report("W770", _cell(app, "答复日期"), number=app.number, received=app.received,
                                deadline=state.due, late=-state.left)
        elif state.left <= NEAR_DAYS:
            status.add("即将到期")
            notes.append(f"即将到期：申请 {app.number} 应不晚于 {state.due.isoformat()} 答复，"
                         f"还有 {state.left} 个工作日（{where}）")
            if reporter:
                reporter.report("W771", _cell(app, "答复日期"), number=app.number, deadline=state.due,
                                left=state.left)
    pending = sum(1 for a in found.applications if not a.replied)
    answered = sum(1 for a in this_year if a.replied)
    notes.insert(0, f"{today.year}年收到申请 {len(this_year)} 件，已答复 {answered} 件；正在办理 {pending} 件")
    order = ["逾期", "即将到期"]
    return LedgerRow(
        org=found.org.id, org_name=found.org.name, item="_ysqgk", l1="依申请公开", l2="政府信息公开申请办理",
        time_limit="收到申请之日起20个工作日内答复，延长不超过20个工作日", time_limit_short="20个工作日（可延长20个）",
        published=len(this_year), withheld=0, newest=max((a.received for a in found.applications), default=None),
        status=[s for s in order if s in status] or ["按时"], page="ysqgk/index.html", notes=notes)


def _cell(app: Application, name: str) -> Position:
    return Position(file=app.file, line=app.line, column=app.columns.get(name))


def _report_at(report: LoadedReport, path: tuple) -> Position:
    where = _written(report.lines, path)
    return Position(file=report.file, line=where[0] if where else None, column=where[1] if where else None)


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _check_guide(found: OrgData, loaded: LoadedCatalog, documents: list[SourceDocument], reporter: Reporter) -> None:
    """The organization's 政府信息公开指南 (its public documents in the 指南 part) names where to apply:
    W778 for the office, address or phone of `application:` it does not show."""
    guide_items = {item.id for item in loaded.catalog.items if item.section == "指南"}
    guides = [d for d in documents if d.meta.org == found.org.id and d.meta.item in guide_items and d.meta.is_public]
    if not guides:
        return
    office, org = found.office, found.org
    text = "".join(_fold(d.body) for d in guides)
    for label, value in (("受理机构", office.office), ("办公地址", office.address or org.address),
                         ("联系电话", office.phone or org.phone)):
        if value and _fold(value) not in text:
            guide = guides[0]
            reporter.report("W778", Position(file=guide.file, line=guide.body_line), label=label, value=value,
                            catalog=loaded.file)


def _check_carry_over(found: OrgData, reporter: Reporter) -> None:
    """上年结转 of a year's report equals 结转下年度 of the year before's (W775)."""
    for year, loaded_report in sorted(found.reports.items()):
        before = found.reports.get(year - 1)
        if before is None:
            continue
        for column in APPLICANTS:
            carried, previous = loaded_report.three.grid["上年结转"][column], before.three.grid["结转下年度"][column]
            if carried != previous:
                where = loaded_report.three.entered.get(("上年结转", column)) or \
                    Position(file=loaded_report.file, line=1, column=1)
                reporter.report("W775", where, year=year, column=column, carried=carried, previous=previous,
                                before=year - 1)


def _check_figures(found: OrgData, loaded_report: LoadedReport, rules: dict, metas: dict, reporter: Reporter) -> None:
    """W774 for a figure the office entered that the platform's data contradicts: the 规章 and
    规范性文件 its documents (`rules`) count, and tables 三 and 四 its register counts."""
    year, report = loaded_report.year, loaded_report.report
    counted = document_two(year, rules, metas)
    for category, name in zip(CATEGORIES, ("rules", "normative")):
        entered = getattr(report.proactive, name)
        for key, label in TWO_FIELDS.items():
            value = getattr(entered, key) if entered else None
            computed = getattr(counted[category], key)
            if value is not None and value != computed:
                reporter.report("W780", _report_at(loaded_report, ("proactive", name, key)), year=year,
                                row=category, column=label, entered=value, computed=computed)
    for table, figures in (("三", loaded_report.three), ("四", loaded_report.four)):
        if figures.computed is None:
            continue
        for (row, column), where in figures.entered.items():
            value, computed = figures.grid[row][column], figures.computed[row][column]
            if value != computed:
                reporter.report("W774", where, year=year, table=table, row=row_label(row), column=column,
                                entered=value, source="台账统计", computed=computed)

