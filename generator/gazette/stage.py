"""The gazette's stages: its files read and checked (after load), its references to documents
checked (after resolve), and what `gongkai check` finds missing (应收尽收: issues, 总期号)."""

from __future__ import annotations

import math
import posixpath
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import BaseModel

from ..diagnostics import Position, Reporter, did_you_mean
from ..loading import LoadedCatalog, LoadedPlatform, validate
from ..markdown import is_external, render_body, source_target
from ..models import PlatformConfig
from ..personal import KINDS as PERSONAL_KINDS, file_text, scan
from ..sources import LineMap, YamlError, file_stamp, load_yaml
from .model import ContentsEntry, Gazette, GazetteConfig, Issue, IssueFile, Item, Text

FOLDER = "gazette"
SETTINGS = f"{FOLDER}/gazette.yaml"


# ---------------------------------------------------------------- load

def load(project: Path, platform: LoadedPlatform, catalogs: dict[str, LoadedCatalog], reporter: Reporter,
         cache: dict | None = None) -> Gazette | None:
    """gazette/gazette.yaml and every issue under gazette/<year>/; None when the project has no
    gazette.  `cache` (file -> (stamp, PDF, PDF's stamp, issue, diagnostics)) keeps an issue whose
    YAML and PDF are unchanged, and gazette.yaml's settings while it is; updated."""
    root = project / FOLDER
    if not root.is_dir():
        return None
    previous = cache if cache is not None else {}
    current: dict = {}
    config, lines = _settings(project, root, reporter, previous, current)
    issues: list[Issue] = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".yaml", ".yml") or not path.is_file() or path == root / "gazette.yaml":
            continue
        file = path.relative_to(project).as_posix()
        year = path.parent.name
        if path.parent.parent != root or not (year.isdigit() and len(year) == 4):
            reporter.report("E718", Position(file=file))
            continue
        stamp, before = file_stamp(path), previous.get(file)
        if before and before[0] == stamp and (before[1] is None or file_stamp(before[1]) == before[2]):
            _, pdf, pdf_stamp, issue, diagnostics = before
        else:
            found = Reporter()
            issue, pdf = _issue(project, path, file, int(year), found)
            pdf_stamp, diagnostics = file_stamp(pdf) if pdf else None, found.diagnostics
        current[file] = (stamp, pdf, pdf_stamp, issue, diagnostics)
        reporter.extend(diagnostics)
        if issue:
            issues.append(issue)
    if cache is not None:
        cache.clear()
        cache.update(current)
    issues.sort(key=lambda i: (i.year, i.number, i.file))
    gazette = Gazette(config=config, issues=issues, expected_at=_expected_at(lines) if lines else {},
                      per_year_at=_position(lines, SETTINGS, _spellings(GazetteConfig, "per_year")) if lines else None,
                      org_at=_position(lines, SETTINGS, _spellings(GazetteConfig, "org")) if lines else None)
    if config:
        _check_issues(gazette, reporter)
    return gazette


def _settings(project: Path, root: Path, reporter: Reporter, previous: dict, current: dict
              ) -> tuple[GazetteConfig | None, LineMap | None]:
    path = root / "gazette.yaml"
    if not path.is_file():
        reporter.report("E724", Position(file=SETTINGS))
        return None, None
    stamp = file_stamp(path)
    before = previous.get(SETTINGS)
    if before and before[0] == stamp:
        (config, lines), diagnostics = before[1], before[2]
    else:
        found = Reporter()
        parsed = _parse(path, SETTINGS, found)
        config = validate(GazetteConfig, parsed[1], parsed[2], SETTINGS, "gazette", found) if parsed else None
        lines, diagnostics = parsed[2] if parsed else None, found.diagnostics
    current[SETTINGS] = (stamp, (config, lines), diagnostics)
    reporter.extend(diagnostics)
    return config, lines


def _parse(path: Path, file: str, reporter: Reporter) -> tuple[str, object, LineMap] | None:
    """A YAML file's text, data and positions; None when it cannot be read (reported)."""
    try:
        text = path.read_text(encoding="utf-8")
        return (text, *load_yaml(text))
    except UnicodeDecodeError:
        reporter.report("E710", Position(file=file, line=1, column=1), problem="文件不是 UTF-8 编码")
    except YamlError as exc:
        reporter.report("E710", Position(file=file, line=exc.line, column=exc.column), problem=exc.problem)
    return None


def _issue(project: Path, path: Path, file: str, year: int, reporter: Reporter) -> tuple[Issue | None, Path | None]:
    """One issue file: validated, its text scanned for personal data, its PDF found and scanned, the
    bodies of its texts rendered; and the PDF it names (whose stamp the cache keeps)."""
    parsed = _parse(path, file, reporter)
    if parsed is None:
        return None, None
    text, data, lines = parsed
    for finding in scan(text):
        reporter.report("E720", Position(file=file, line=finding.line, column=finding.column),
                        kind=PERSONAL_KINDS[finding.kind], masked=finding.masked)
    meta = validate(IssueFile, data, lines, file, "gazette", reporter)
    if meta is None:
        return None, None
    pdf_at = _position(lines, file, _spellings(IssueFile, "pdf"))
    pdf_path = path.parent / meta.pdf
    size = _pdf(project, pdf_path, meta.pdf, file, pdf_at, reporter)
    source = text.split("\n")
    items = []
    for index, entry in enumerate(meta.contents):
        base = ("contents" if ("contents",) in lines.values else "目录", index)
        items.append(Item(number=index + 1, entry=entry,
                          doc_at=_position(lines, file, *base, _spellings(ContentsEntry, "doc")),
                          section_at=_position(lines, file, *base, _spellings(ContentsEntry, "section")),
                          text=_text(entry, lines, base, source) if entry.body else None))
    issue = Issue(year=year, file=file, meta=meta, items=items,
                  pdf=pdf_path.relative_to(project).as_posix() if size >= 0 else "", pdf_size=size,
                  at_issue=_position(lines, file, _spellings(IssueFile, "issue")),
                  at_total=_position(lines, file, _spellings(IssueFile, "total")))
    return issue, pdf_path


def _pdf(project: Path, path: Path, name: str, file: str, at: Position, reporter: Reporter) -> int:
    """The size of an issue's PDF, checked and scanned for personal data; -1 when it is not usable."""
    folder = posixpath.dirname(file)
    if "/" in name or "\\" in name or not name.lower().endswith(".pdf"):
        reporter.report("E728", at, pdf=name)
        return -1
    if not path.is_file():
        others = sorted(p.name for p in path.parent.glob("*") if p.suffix.lower() == ".pdf")
        suggest = did_you_mean(name, others, "PDF 文件") if others else ""
        reporter.report("E717", at, pdf=name, folder=folder, suggest=f"；{suggest}" if suggest else "")
        return -1
    with path.open("rb") as handle:
        if handle.read(5) != b"%PDF-":
            reporter.report("E728", at, pdf=name)
            return -1
    shown = path.relative_to(project).as_posix()
    text = file_text(path)
    if text is None:
        reporter.report("W715", at, file=shown)
    for finding in scan(text or ""):
        reporter.report("E721", Position(file=shown, line=finding.line, column=finding.column),
                        kind=PERSONAL_KINDS[finding.kind], masked=finding.masked)
    return path.stat().st_size


def _text(entry: ContentsEntry, lines: LineMap, base: tuple, source: list[str]) -> Text:
    """A gazette-only text's body as HTML, with the documents it links to and the lines they are on.
    A link names a document by its id (szf/notice or szf/notice.md); anything else must be a full URL."""
    where = _position(lines, "", *base, _spellings(ContentsEntry, "body"))
    line, column = where.line or 1, where.column or 1
    written = source[line - 1][column - 1:column] if 0 < line <= len(source) else ""
    first = line + 1 if written in ("|", ">") else line  # a block scalar's text starts on the next line
    body = entry.body or ""
    links: list[tuple[str, str, int]] = []

    def resolve(href: str) -> tuple[str, str, str]:
        if is_external(href):
            return ("external", href, "")
        path, fragment = source_target(href, "")
        doc_id = path.removesuffix(".md").removesuffix("/index")
        at = body.find(f"]({href}")
        links.append((href, doc_id, first + body.count("\n", 0, at) if at >= 0 else first))
        return ("doc", doc_id, fragment)

    rendered = render_body(body, first, resolve)
    return Text(html=rendered.html, links=links,
                sections=[(s.anchor, s.heading, s.text, s.context) for s in rendered.sections])


def _check_issues(gazette: Gazette, reporter: Reporter) -> None:
    """Sections named in gazette.yaml (E715), one file per issue (E716) and per 总期号 (E719), issue
    numbers within the year's count (E726), no year before the first (E727)."""
    config = gazette.config
    numbers: dict[tuple[int, int], Issue] = {}
    totals: dict[int, Issue] = {}
    for issue in gazette.issues:
        for item in issue.items:
            if item.entry.section not in config.sections:
                reporter.report("E715", item.section_at, section=item.entry.section,
                                suggest=did_you_mean(item.entry.section, config.sections, "栏目"))
        first = numbers.setdefault((issue.year, issue.number), issue)
        if first is not issue:
            reporter.report("E716", issue.at_issue, year=issue.year, issue=issue.number, other=first.file)
        same = totals.setdefault(issue.meta.total, issue)
        if same is not issue:
            reporter.report("E719", issue.at_total, total=issue.meta.total, other=same.file)
        if issue.number > config.expected(issue.year):
            reporter.report("E726", issue.at_issue, year=issue.year, issue=issue.number,
                            expected=config.expected(issue.year))
        if config.since and issue.year < config.since:
            reporter.report("E727", Position(file=issue.file), year=issue.year, since=config.since)


# ---------------------------------------------------------------- after resolve

def cited(gazette: Gazette | None, catalogs: dict[str, LoadedCatalog]) -> set[str]:
    """The documents the gazette's entries are and its texts link to."""
    if gazette is None or gazette.config is None:
        return set()
    return {doc_id for issue in gazette.issues for item in issue.items
            for doc_id in [item.entry.doc, *(target for _, target, _ in (item.text.links if item.text else []))]
            if doc_id}


def check(gazette: Gazette | None, catalogs: dict[str, LoadedCatalog], public: set[str], known: set[str],
          reporter: Reporter) -> None:
    """The publishing organization exists (E725); each entry's document is public (W712 none of that
    id, W713 not public: the entry is left out); a text's links name public documents (E722, E723)."""
    if gazette is None or gazette.config is None:
        return
    org = gazette.config.org
    if org not in catalogs and org not in known:
        reporter.report("E725", gazette.org_at, org=org, suggest=did_you_mean(org, catalogs, "组织"))
    for issue in gazette.issues:
        for item in issue.items:
            doc_id = item.entry.doc
            if doc_id and doc_id not in public:
                if doc_id in known:
                    reporter.report("W713", item.doc_at, doc=doc_id)
                else:
                    reporter.report("W712", item.doc_at, doc=doc_id, suggest=did_you_mean(doc_id, public, "文档"))
            for href, target, line in item.text.links if item.text else []:
                if target in public:
                    continue
                where = Position(file=issue.file, line=line)
                if target in known:
                    reporter.report("E723", where, target=href, doc=target)
                else:
                    close = did_you_mean(target, public, "文档")
                    reporter.report("E722", where, target=href,
                                    suggest=f"；{close}" if close.startswith("是否") else "")


# ---------------------------------------------------------------- coverage (gongkai check)

@dataclass(frozen=True)
class Coverage:
    """A year of the gazette: how many issues it should have, which are in the archive, which are
    missing, and (in the current year) which are not due yet."""

    year: int
    expected: int
    collected: list[int]
    missing: list[int]
    pending: list[int]

    @property
    def line(self) -> str:
        """“2025年：应出12期，已收录11期，缺第7期”."""
        text = f"{self.year}年：应出{self.expected}期，已收录{len(self.collected)}期"
        if self.missing:
            text += f"，缺第{spans(self.missing)}期"
        if self.pending:
            text += f"，第{spans(self.pending)}期尚未出版"
        return text


def coverage(gazette: Gazette, today: date) -> list[Coverage]:
    """Every year from the first (since, else the first collected) to the last collected or the
    current one, oldest first.  In the current year only the issues whose share of the year has
    passed are due (a monthly's 第10期 once October is over)."""
    config = gazette.config
    if config is None:
        return []
    collected: dict[int, set[int]] = {}
    for issue in gazette.issues:
        collected.setdefault(issue.year, set()).add(issue.number)
    if not collected and not config.since:
        return []
    first = config.since or min(collected)
    last = max([*collected, today.year if _due(config.expected(today.year), today) else first])
    years = []
    for year in range(first, last + 1):
        expected, have = config.expected(year), collected.get(year, set())
        due = expected if year < today.year else _due(expected, today) if year == today.year else 0
        due = max([due, *have])
        years.append(Coverage(year=year, expected=expected, collected=sorted(have),
                              missing=[n for n in range(1, min(due, expected) + 1) if n not in have],
                              pending=[n for n in range(due + 1, expected + 1)]))
    return years


def _due(expected: int, today: date) -> int:
    """Issues of today's year whose period has ended."""
    start = date(today.year, 1, 1)
    length = (date(today.year + 1, 1, 1) - start).days
    return math.floor(expected * (today - start).days / length)


def spans(numbers: list[int]) -> str:
    """1, 2, 3, 7 → “1—3、7”."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return "、".join(f"{r[0]}—{r[-1]}" if len(r) > 2 else "、".join(map(str, r)) for r in runs)


def audit(gazette: Gazette | None, public: dict, config: PlatformConfig, today: date, reporter: Reporter) -> None:
    """What `gongkai check` reports: the gazette on no portal (W714), missing issues (W710) and
    gaps in the 总期号 (W711)."""
    if gazette is None or gazette.config is None:
        return
    settings = gazette.config
    if not any(site.kind == "portal" and site.org == settings.org for site in config.sites):
        reporter.report("W714", gazette.org_at, org=settings.org)
    for year in coverage(gazette, today):
        if year.missing:
            reporter.report("W710", gazette.expected_at.get(year.year) or gazette.per_year_at
                            or Position(file=SETTINGS), year=year.year, expected=year.expected,
                            count=len(year.collected), missing=spans(year.missing), folder=f"{FOLDER}/{year.year}/")
    previous = None
    for issue in gazette.issues:
        if previous and (previous.year, previous.number) != (issue.year, issue.number):
            between = _slots(settings, previous, issue)
            expected = previous.meta.total + between
            if issue.meta.total != expected:
                reporter.report("W711", issue.at_total, previous=f"{previous.year}年第{previous.number}期",
                                before=previous.meta.total, expected=expected, total=issue.meta.total)
        previous = issue


def _slots(config: GazetteConfig, earlier: Issue, later: Issue) -> int:
    """How many issues are published from just after `earlier` up to and including `later`."""
    if earlier.year == later.year:
        return later.number - earlier.number
    return (config.expected(earlier.year) - earlier.number
            + sum(config.expected(y) for y in range(earlier.year + 1, later.year)) + later.number)


# ---------------------------------------------------------------- positions

def _spellings(model: type[BaseModel], name: str) -> tuple[str, ...]:
    """A field's name and its aliases: the keys it may be written under."""
    alias = model.model_fields[name].validation_alias
    return tuple(getattr(alias, "choices", None) or [name])


def _position(lines: LineMap, file: str, *path: str | int | tuple[str, ...]) -> Position:
    """Where the value at `path` is written; a tuple in `path` is a key's spellings (its name and
    aliases), the first one written is taken."""
    written: tuple = ()
    for part in path:
        if isinstance(part, tuple):
            part = next((s for s in part if written + (s,) in lines.values), part[0])
        written += (part,)
    found = lines.value(written)
    return Position(file=file, line=found[0] if found else None, column=found[1] if found else None)


def _expected_at(lines: LineMap) -> dict[int, Position]:
    """Each year's count in `years:` (or 各年期数), by year."""
    found = {}
    for path, (line, column) in lines.values.items():
        if len(path) == 2 and path[0] in ("years", "各年期数") and str(path[1]).isdigit():
            found[int(path[1])] = Position(file=SETTINGS, line=line, column=column)
    return found


