"""The 政民互动 stage of the build: the messages tables and the 常见问题 file read and checked (after
load), the documents the 常见问题 cite checked (after resolve), and the reply time limits counted
for the 工作台账 (ledger).

Messages are read by the records table reader (records/table.py) with a fixed spec, so a table
exported from the platform's message system loads as CSV, XLSX or YAML, with typed dates, the
writer masked as the row is read and personal data anywhere else stopping the build at its cell.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

from ..diagnostics import MESSAGES, Diagnostic, Position, Reporter, did_you_mean
from ..ledger import LedgerInputs, LedgerPart, LedgerTable, LedgerTableRow
from ..loading import LoadedCatalog, LoadedPlatform, validate
from ..personal import KINDS as PERSONAL_KINDS, scan
from ..records.model import Record
from ..records.table import read_records
from ..sources import LineMap, YamlError, file_stamp, load_yaml
from ..workdays import CalendarGap, add_working_days, working_days_between
from .model import (ASKED, ID_FIELD, ORG, QUESTION, REPLIED, REPLY, REQUIRED, TITLE, TOPIC, WRITER, Faq, FaqFile,
                    Interaction, InteractionConfig, Message, table_spec)

SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")  # a message's 编号 names its page's folder


def load(project: Path, platform: LoadedPlatform, catalogs: dict[str, LoadedCatalog], reporter: Reporter,
         cache: dict | None = None) -> Interaction | None:
    """The messages and 常见问题 of `interaction:` in platform.yaml, None without it.  `cache` keeps
    the previous result (and its diagnostics) while the settings, the organizations and every
    file's stamp are unchanged."""
    config = platform.config.interaction
    if config is None:
        return None
    orgs = {org_id: loaded.org.name for org_id, loaded in catalogs.items()}
    files = [*config.files, *([config.faq] if config.faq else [])]
    key = (config, [s.id for s in platform.config.sites], orgs, [file_stamp(project / name) for name in files])
    previous = cache if cache is not None else {}
    if previous.get("key") == key:
        data, diagnostics = previous["data"], previous["diagnostics"]
    else:
        found = Reporter()
        data = _read(project, platform, config, orgs, found)
        diagnostics = found.diagnostics
    if cache is not None:
        cache.clear()
        cache.update(key=key, data=data, diagnostics=diagnostics)
    reporter.extend(diagnostics)
    return data


def _read(project: Path, platform: LoadedPlatform, config: InteractionConfig, orgs: dict[str, str],
          reporter: Reporter) -> Interaction:
    sites = [s.id for s in platform.config.sites]
    site = config.site or next((s.id for s in platform.config.sites if s.kind == "portal"), sites[0])
    if site not in sites:
        reporter.report("E730", _at(platform, "site"), site=site, suggest=did_you_mean(site, sites, "站点"))
    files = [name for name in config.files if _exists(project, name, _at(platform, "files"), "E745", reporter)]
    found = Reporter()
    records = read_records(project, table_spec(files), _at(platform, "files"), found) if files else []
    reporter.extend(_as_message_problem(d) for d in found.diagnostics)
    broken = {(d.file, d.line) for d in found.errors}  # rows with a problem already reported
    messages = [m for r in records if (r.file, r.line) not in broken for m in [_message(r, orgs, reporter)] if m]
    faq = _read_faq(project, platform, config.faq, orgs, reporter) if config.faq else None
    return Interaction(config=config, site=site, messages=messages, faq=faq, org_names=orgs)


def _exists(project: Path, name: str, where: Position, code: str, reporter: Reporter) -> bool:
    """Whether a file named in `interaction:` exists; if not, `code` naming the files beside it."""
    path = project / name
    if path.is_file():
        return True
    siblings = sorted(p.relative_to(project).as_posix() for p in path.parent.glob("*") if p.is_file()) \
        if path.parent.is_dir() else []
    reporter.report(code, where, file=Path(name).as_posix(),
                    suggest="；" + did_you_mean(Path(name).as_posix(), siblings, "文件") if siblings else "")
    return False


def _as_message_problem(diagnostic: Diagnostic) -> Diagnostic:
    """Personal data in a message (the reader's E917) with what to do about it in a messages table:
    its fields are fixed, so the reader's hint (declare the field personal) does not apply."""
    if diagnostic.code != "E917":
        return diagnostic
    return diagnostic.model_copy(update={"code": "E746", "hint": MESSAGES["E746"][1]})


def _at(platform: LoadedPlatform, name: str) -> Position:
    """Where a key of `interaction:` is written (under its English or Chinese name)."""
    names = {"site": ("site", "站点"), "files": ("files", "留言", "留言文件"), "faq": ("faq", "常见问题")}[name]
    for top in ("interaction", "政民互动"):
        for key in names:
            if (top, key) in platform.lines.values:
                return platform.at(top, key)
        if (top,) in platform.lines.values:
            return platform.at(top)
    return Position(file=platform.file)


def find_org(value: str, orgs: dict[str, str]) -> str | None:
    """An organization named by its id or by its full name."""
    if value in orgs:
        return value
    plain = "".join(value.split())
    return next((org_id for org_id, name in orgs.items() if name == plain), None)


def _message(record: Record, orgs: dict[str, str], reporter: Reporter) -> Message | None:
    """A row as a message, or None when it has a problem (reported here)."""
    values = record.values

    def where(field: str) -> Position:
        return Position(file=record.file, line=record.line, column=record.columns.get(field))

    number = str(values[ID_FIELD] or "")
    ok = True
    if number and not SAFE_ID.match(number):
        reporter.report("E735", where(ID_FIELD), id=number)
        ok = False
    for field in REQUIRED:
        if values[field] is None:
            reporter.report("E731", where(field) if field in record.columns else where(ID_FIELD), id=number,
                            field=field)
            ok = False
    org = find_org(str(values[ORG]), orgs) if values[ORG] is not None else None
    if values[ORG] is not None and org is None:
        reporter.report("E732", where(ORG), value=values[ORG], suggest=_org_hint(str(values[ORG]), orgs))
        ok = False
    reply, replied = values[REPLY], values[REPLIED]
    if (reply is None) != (replied is None):
        present, missing = (REPLY, REPLIED) if replied is None else (REPLIED, REPLY)
        reporter.report("E733", where(present), id=number, present=present, missing=missing)
        ok = False
    elif replied is not None and values[ASKED] is not None and replied < values[ASKED]:
        reporter.report("E734", where(REPLIED), id=number, replied=replied, asked=values[ASKED])
        ok = False
    if not ok or not number:
        return None
    return Message(id=number, title=str(values[TITLE]), question=str(values[QUESTION]),
                   writer=str(values[WRITER] or ""), asked=values[ASKED], topic=str(values[TOPIC] or ""), org=org,
                   reply=str(reply or ""), replied=replied, file=record.file, line=record.line,
                   columns=record.columns)


def _org_hint(value: str, orgs: dict[str, str]) -> str:
    names = {name: org_id for org_id, name in orgs.items()}
    close = did_you_mean(value, [*orgs, *names], "单位")
    return close if close.startswith("是否") else "写单位编号（catalogs/ 下目录文件的文件名）或单位全称：" + "、".join(
        f"{org_id}（{name}）" for org_id, name in sorted(orgs.items()))


# ---------------------------------------------------------------- 常见问题

def _read_faq(project: Path, platform: LoadedPlatform, name: str, orgs: dict[str, str],
              reporter: Reporter) -> Faq | None:
    path, rel = project / name, Path(name).as_posix()
    if not _exists(project, name, _at(platform, "faq"), "E740", reporter):
        return None
    try:
        data, lines = load_yaml(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        reporter.report("E736", Position(file=rel, line=1, column=1), problem="文件不是 UTF-8 编码")
        return None
    except YamlError as error:
        reporter.report("E736", Position(file=rel, line=error.line, column=error.column), problem=error.problem)
        return None
    if isinstance(data, list):  # the questions written as a list at the top of the file
        data, lines = {"questions": data}, _under("questions", lines)
    loaded = validate(FaqFile, data, lines, rel, "faq", reporter) if data is not None else FaqFile()
    if loaded is None:
        return None
    key = next((k for k in ("questions", "常见问题") if (k,) in lines.values), "questions")
    faq = Faq(file=rel, lines=lines, key=key, entries=loaded.questions)
    _check_faq(faq, orgs, reporter)
    return faq


def _under(key: str, lines: LineMap) -> LineMap:
    """`lines` of a file whose content is taken as the value of `key`."""
    return LineMap(values={(key, *path): at for path, at in lines.values.items()},
                   keys={(key, *path): at for path, at in lines.keys.items()},
                   duplicates=[((key, *path), at) for path, at in lines.duplicates])


def faq_at(faq: Faq, index: int, *names: str) -> Position:
    """Where a key of the index-th question is written (the first of `names` present)."""
    for name in names:
        if (faq.key, index, name) in faq.lines.values:
            found = faq.lines.value((faq.key, index, name))
            return Position(file=faq.file, line=found[0], column=found[1])
    found = faq.lines.value((faq.key, index))
    return Position(file=faq.file, line=found[0] if found else None, column=found[1] if found else None)


def _check_faq(faq: Faq, orgs: dict[str, str], reporter: Reporter) -> None:
    """Each question once (E741), a known answering organization (E732), no personal data (E744)."""
    first: dict[str, int] = {}
    for index, entry in enumerate(faq.entries):
        at = faq_at(faq, index, "id")
        if entry.id in first:
            reporter.report("E741", at, id=entry.id, first=first[entry.id])
        else:
            first[entry.id] = at.line or 0
        if entry.org and find_org(entry.org, orgs) is None:
            reporter.report("E732", faq_at(faq, index, "org", "答复单位"), value=entry.org,
                            suggest=_org_hint(entry.org, orgs))
        for names, text in ((("question", "问题"), entry.question), (("answer", "答复", "解答"), entry.answer)):
            found = scan(text)
            if found:
                reporter.report("E744", faq_at(faq, index, *names), kind=PERSONAL_KINDS[found[0].kind],
                                masked=found[0].masked)


def cited(data: Interaction | None, catalogs: dict[str, LoadedCatalog]) -> set[str]:
    """The documents the 常见问题 name."""
    return {doc_id for entry in data.faq.entries for doc_id in entry.docs} if data and data.faq else set()


def check_documents(data: Interaction | None, catalogs: dict[str, LoadedCatalog], public: set[str], known: set[str],
                    reporter: Reporter) -> None:
    """A 常见问题's `docs` name public documents (E742: none of that id; E743: one that is not public)."""
    if data is None or data.faq is None:
        return
    faq = data.faq
    for index, entry in enumerate(faq.entries):
        for number, doc_id in enumerate(entry.docs):
            if doc_id in public:
                continue
            key = "docs" if (faq.key, index, "docs") in faq.lines.values else "相关文件"
            found = faq.lines.value((faq.key, index, key, number))
            where = Position(file=faq.file, line=found[0] if found else None, column=found[1] if found else None)
            if doc_id in known:
                reporter.report("E743", where, doc=doc_id)
            else:
                reporter.report("E742", where, doc=doc_id, suggest=did_you_mean(doc_id, public, "文档"))


# ---------------------------------------------------------------- reply time limits (工作台账)

def deadline(message: Message, limit: int) -> date:
    """The last day a reply is on time: `limit` working days after the message."""
    return add_working_days(message.asked, limit)


def ledger(data: Interaction | None, inputs: LedgerInputs, reporter: Reporter | None) -> LedgerPart:
    """Replies per answering organization: replied, on time, late, unanswered past the deadline and
    still within it.  With a reporter (gongkai check): W730 for each late reply, W731 for each
    message unanswered past its deadline (W732 past three months, which the inspection of government
    sites fails outright), at its row of the table."""
    today = inputs.today
    if data is None:
        return LedgerPart()
    limit = data.config.reply_limit
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    notes: dict[str, list[str]] = defaultdict(list)
    gaps: set[int] = set()
    for message in sorted(data.messages, key=lambda m: (m.asked, m.id)):
        row = counts[message.org]
        try:
            due = deadline(message, limit)
            if message.answered:
                row[0] += 1
                if message.replied <= due:
                    row[1] += 1
                    continue
                row[2] += 1
                late = working_days_between(due, message.replied)
                notes[message.org].append(f"逾期 {late} 个工作日答复：{message.id} {message.title}")
                if reporter:
                    reporter.report("W730", Position(file=message.file, line=message.line,
                                                     column=message.columns.get(REPLIED)),
                                    id=message.id, asked=message.asked, replied=message.replied, limit=limit,
                                    deadline=due, late=late)
            elif today > due:
                row[3] += 1
                late = working_days_between(due, today)
                notes[message.org].append(f"逾期 {late} 个工作日未答复：{message.id}（{message.asked.isoformat()} 留言，"
                                          f"应于 {due.isoformat()} 前答复）")
                if reporter:
                    where = Position(file=message.file, line=message.line, column=message.columns.get(ID_FIELD))
                    if today > months_later(message.asked, 3):
                        reporter.report("W732", where, id=message.id, asked=message.asked, today=today)
                    else:
                        reporter.report("W731", where, id=message.id, asked=message.asked, limit=limit, deadline=due,
                                        today=today, late=late)
            else:
                row[4] += 1
        except CalendarGap as gap:
            if reporter and gap.year not in gaps:
                gaps.add(gap.year)
                reporter.report("W311", Position(file=message.file, line=message.line,
                                                 column=message.columns.get(ASKED)), year=gap.year)
    rows = [LedgerTableRow(org=org, org_name=data.org_names[org], cells=cells,
                           status=["逾期"] if cells[2] or cells[3] else ["按时"], notes=notes[org])
            for org, cells in sorted(counts.items(), key=lambda item: data.org_names[item[0]])]
    return LedgerPart(tables=[LedgerTable(
        kind="interaction", site=data.site, title="政民互动留言办理",
        note=f"答复时限：留言之日起 {limit} 个工作日内（按法定工作日计算）。",
        heads=["答复单位", "已答复", "按时答复", "逾期答复", "逾期未答复", "办理中"], rows=rows)])


def months_later(day: date, months: int) -> date:
    """The same day `months` later (the month's last day where it has no such day)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


