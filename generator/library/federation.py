"""一网通查: the libraries of other platforms (a province's cities, a city's counties), merged into the
portals' 规章和规范性文件库.  platform.yaml's `library: federation:` names each platform, where its
published library.json is (a copy, or a folder holding its published site) and the address its
links resolve against; `load` reads every one and checks its documents like the platform's own data
(E760–E769, W760–W761): fields, dates and values, ids, links, and personal data in what is shown.
A document with an error is left out, and the error fails the build like any other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from pydantic import ValidationError

from ..diagnostics import Position, Reporter
from ..loading import LoadedCatalog, LoadedPlatform, relative, validate
from ..personal import KINDS as PERSONAL_KINDS, scan
from ..sources import LineMap, YamlError, file_stamp, load_yaml
from .model import ALIASES, FederationSource, LibraryFile, LibraryRecord

FILE_NAME = "library.json"
SHOWN = ("title", "doc_number", "issuer")  # the texts the portal shows: scanned for personal data


@dataclass(frozen=True)
class FederatedEntry:
    """A document of another platform's library, checked, with its provenance and absolute address."""

    number: int    # its source's place in platform.yaml's list, from 1
    source: str    # 来源: the platform's name (and the platform it came from there, if merged in turn)
    record: LibraryRecord
    link: str      # its page's absolute address


@dataclass(frozen=True)
class Federation:
    """Every source's name and number, and their documents that passed the checks."""

    sources: list[tuple[int, str]] = field(default_factory=list)
    entries: list[FederatedEntry] = field(default_factory=list)


def load(project: Path, platform: LoadedPlatform, catalogs: dict[str, LoadedCatalog], reporter: Reporter,
         cache: dict | None = None) -> Federation:
    """Each source's library.json, read and checked.  `cache` keeps the previous result (and its
    diagnostics) while the sources and their files' stamps are unchanged."""
    sources = platform.config.library.federation
    found = Reporter()
    paths = [_locate(project, platform, n, source, found) for n, source in enumerate(sources)]
    key = (sources, [(path, file_stamp(path)) for path in paths if path])
    previous = cache if cache is not None else {}
    if previous.get("key") != key:
        read = Reporter()
        previous = {"key": key, "data": _read_all(project, sources, paths, read), "diagnostics": read.diagnostics}
        if cache is not None:
            cache.clear()
            cache.update(previous)
    reporter.extend(found.diagnostics + previous["diagnostics"])
    return previous["data"]


def _locate(project: Path, platform: LoadedPlatform, n: int, source: FederationSource,
            reporter: Reporter) -> Path | None:
    """The library.json a source names: its `file`, or the one in its `folder` (at its top, in
    gfxwjk/, or the only one anywhere in it)."""
    where = ("library", "federation", n)
    if (source.file is None) == (source.folder is None):
        problem = "同时写了 file 和 folder" if source.file else "没有写 file 或 folder"
        reporter.report("E763", _at(platform, where), name=source.name, problem=problem)
        return None
    given = project / (source.file or source.folder)
    if not (given.is_file() if source.file else given.is_dir()):
        reporter.report("E764", _at(platform, (*where, "file" if source.file else "folder")),
                        path=source.file or source.folder)
        return None
    if source.file:
        return given
    for candidate in (given / FILE_NAME, given / "gfxwjk" / FILE_NAME):
        if candidate.is_file():
            return candidate
    inside = sorted(p for p in given.rglob(FILE_NAME) if p.is_file())
    if len(inside) == 1:
        return inside[0]
    problem = (f"有 {len(inside)} 个 {FILE_NAME}：" + "、".join(relative(p, project) for p in inside[:5])
               if inside else f"没有 {FILE_NAME}")
    reporter.report("E765", _at(platform, (*where, "folder")), folder=source.folder, problem=problem)
    return None


def _at(platform: LoadedPlatform, path: tuple) -> Position:
    found = platform.lines.value(platform.lines.as_written(path, ALIASES))
    return Position(file=platform.file, line=found[0] if found else None, column=found[1] if found else None)


def _read_all(project: Path, sources: list[FederationSource], paths: list[Path | None],
              reporter: Reporter) -> Federation:
    entries: list[FederatedEntry] = []
    links: dict[str, str] = {}  # absolute address -> where it was first listed, across all sources
    for number, (source, path) in enumerate(zip(sources, paths), start=1):
        if path is not None:
            entries += _read(path, relative(path, project), number, source, links, reporter)
    return Federation(sources=[(number, source.name) for number, source in enumerate(sources, start=1)],
                      entries=entries)


def _read(path: Path, file: str, number: int, source: FederationSource, links: dict[str, str],
          reporter: Reporter) -> list[FederatedEntry]:
    parsed = _parse(path, file, reporter)
    if parsed is None:
        return []
    data, lines = parsed
    library = validate(LibraryFile, data, lines, file, "federation", reporter)
    records = list(enumerate(library.documents)) if library else _valid_records(data)
    listed = data.get("documents") if isinstance(data, dict) else None
    if isinstance(listed, list):
        if isinstance(data.get("count"), int) and data["count"] != len(listed):
            reporter.report("W760", _position(file, lines, ("count",)), count=data["count"], actual=len(listed))
        if not listed:
            reporter.report("W761", _position(file, lines, ("documents",)), name=source.name)
    ids: dict[str, int | None] = {}
    entries = []
    for index, record in records:
        at = _position(file, lines, ("documents", index))
        failed = False
        if not record.link:
            reporter.report("E761", at, key="url", parent=f"documents、{index}")
            continue
        if record.id in ids:
            reporter.report("E766", _position(file, lines, ("documents", index, "id")), id=record.id,
                            first=ids[record.id] or "?")
            continue
        ids[record.id] = at.line
        if not _safe(record.link):
            reporter.report("E768", _position(file, lines, ("documents", index, "url" if record.url else "path")),
                            link=record.link)
            continue
        link = urljoin(source.base_url, record.link)
        if link in links:
            reporter.report("E767", at, title=record.title, link=link, other=links[link])
            failed = True
        links.setdefault(link, f"“{source.name}”（{file}:{at.line}）" if at.line else f"“{source.name}”（{file}）")
        for name in SHOWN:
            for finding in scan(getattr(record, name) or ""):
                reporter.report("E769", _position(file, lines, ("documents", index, name)),
                                kind=PERSONAL_KINDS[finding.kind], masked=finding.masked)
                failed = True
        if not failed:
            shown = f"{source.name}（{record.source}）" if record.source else source.name
            entries.append(FederatedEntry(number=number, source=shown, record=record, link=link))
    return entries


def _parse(path: Path, file: str, reporter: Reporter) -> tuple[object, LineMap] | None:
    """The JSON's data, and its keys' and values' positions (JSON is YAML: the YAML reader gives them)."""
    try:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
        data = json.loads(text)
    except UnicodeDecodeError:
        reporter.report("E760", Position(file=file, line=1, column=1), problem="文件不是 UTF-8 编码")
        return None
    except json.JSONDecodeError as exc:
        reporter.report("E760", Position(file=file, line=exc.lineno, column=exc.colno),
                        problem=f"JSON 格式错误（{exc.msg}）")
        return None
    try:
        return data, load_yaml(text)[1]
    except YamlError:  # valid JSON the YAML reader does not take: the file is still read, without positions
        return data, LineMap()


def _valid_records(data: object) -> list[tuple[int, LibraryRecord]]:
    """After a file failed validation (reported), its documents that are valid on their own, so that
    their other problems are reported in the same run."""
    documents = data.get("documents") if isinstance(data, dict) else None
    documents = documents if isinstance(documents, list) else []
    kept = []
    for index, entry in enumerate(documents):
        try:
            kept.append((index, LibraryRecord.model_validate(entry)))
        except ValidationError:
            continue
    return kept


def _safe(link: str) -> bool:
    """An http(s) address, or a path that stays under the source's base_url (not from its host's root,
    no .., no other scheme such as javascript:)."""
    if any(c.isspace() or ord(c) < 32 or c == "\\" for c in link):
        return False
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return parts.scheme in ("http", "https") and bool(parts.netloc) and link.startswith(f"{parts.scheme}://")
    return bool(parts.path) and not parts.path.startswith("/") and ".." not in parts.path.split("/")


def _position(file: str, lines: LineMap, path: tuple) -> Position:
    found = lines.value(path)
    return Position(file=file, line=found[0] if found else None, column=found[1] if found else None)
