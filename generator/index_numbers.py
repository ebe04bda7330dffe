"""索引号 that never move: the register of every number given (index-numbers.yaml).

A 索引号 ({organization code}/{year of 成文}-{5-digit sequence}) is cited in replies, audits and links,
so once a document has one it keeps it.  The project keeps a register of every number given, by
document id, with the document's title; `gongkai build` maintains it and it is committed with the
content.  With the register:

- a registered document keeps its number, whatever is added (back-dated or not), deleted or edited;
- a new document gets the lowest sequence of its organization code and year that was never given
  (the numbers of deleted documents stay registered, so they are never given to another document);
- a document renamed within its organization (a new id, the same title, its old id gone) keeps its
  number;
- a hand-written `index_no` is registered too; one that differs from the number its document was
  given is refused (E411), since changing a published 索引号 must be a deliberate edit of the register.

A project without a register (built before it existed, or never committed) gets the numbers it got
before: generated in publication order, so a first build keeps what was already published.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .diagnostics import Position, Reporter
from .sources import YamlError, load_yaml

if TYPE_CHECKING:
    from .documents import Doc

REGISTER_FILE = "index-numbers.yaml"
HEADER = """\
# 索引号登记表：由 gongkai build 自动维护，请随内容一起提交，不要删除。
# 文件一经编号，索引号永不改变：补录旧文件、删除或改名都不影响其他文件的索引号。
# 每行一个文件：文档编号: {index_no: 索引号, title: 标题}。确需更正某个索引号时，在这里和该文件的 index_no 中同时修改。
"""
_NUMBER = re.compile(r"^[0-9A-Z]{9,18}/\d{4}(\d{2})?-\d{5,}$")  # as models.DocumentMeta.index_no


class Registered(NamedTuple):
    index_no: str
    title: str


@dataclass
class Register:
    """The numbers given so far: document id -> number and title, and the line of each entry."""

    entries: dict[str, Registered] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


def load_register(project: Path, reporter: Reporter, cache: dict | None = None) -> Register:
    """The project's register (empty without one).  `cache` (stamp -> (register, diagnostics)) keeps
    the previous build's while the file is unchanged; updated."""
    path = project / REGISTER_FILE
    info = path.stat() if path.is_file() else None
    stamp = (info.st_mtime_ns, info.st_size) if info else None
    if cache is not None and stamp in cache:
        register, diagnostics = cache[stamp]
        reporter.extend(diagnostics)
        return register
    found = Reporter()
    register = _read(path, found) if info else Register()
    reporter.extend(found.diagnostics)
    if cache is not None:
        cache.clear()
        cache[stamp] = (register, found.diagnostics)
    return register


def _read(path: Path, reporter: Reporter) -> Register:
    """One entry a line, as `save_register` writes it (read without a YAML parser: at 100,000 documents
    that took 5 s); a line edited by hand is read as YAML on its own.  Read a line at a time: at 10⁶
    documents the whole text and its lines took 0.3 GB beside the survey's documents."""
    register, found = Register(), Reporter()
    owners: dict[str, str] = {}
    try:
        with path.open(encoding="utf-8", newline="\n") as lines:
            for number, line in enumerate(lines, 1):
                _add(line.removesuffix("\n"), number, register, owners, found)
    except UnicodeDecodeError:
        reporter.report("E410", Position(file=REGISTER_FILE, line=1, column=1), problem="文件不是 UTF-8 编码")
        return Register()
    reporter.extend(found.diagnostics)
    return register


def _add(line: str, number: int, register: Register, owners: dict[str, str], reporter: Reporter) -> None:
    """The entry on line `number` of the register, unless it is blank, a comment or wrong (E410)."""
    if not line.strip() or line.lstrip().startswith("#"):
        return
    parsed = _entry(line)
    if parsed is None:
        reporter.report("E410", Position(file=REGISTER_FILE, line=number, column=1), problem="这一行应写成 \"文档编号\": {index_no: \"索引号\", title: \"标题\"}")
        return
    doc_id, entry = parsed
    if entry.index_no in owners or doc_id in register.entries:
        other = owners.get(entry.index_no, doc_id)
        reporter.report("E410", Position(file=REGISTER_FILE, line=number, column=1), problem=f"索引号 {entry.index_no} 同时登记给了 {other} 和 {doc_id}"
                        if entry.index_no in owners else f"文档 {doc_id} 登记了两次")
        return
    owners[entry.index_no] = doc_id
    register.entries[doc_id] = entry
    register.lines[doc_id] = number


_STRING = r'"(?:[^"\\]|\\.)*"'
_LINE = re.compile(rf"^({_STRING}): \{{index_no: ({_STRING}), title: ({_STRING})\}}$")


def _entry(line: str) -> tuple[str, Registered] | None:
    found = _LINE.match(line)
    if found:
        doc_id, index_no, title = (json.loads(part) if "\\" in part else part[1:-1] for part in found.groups())
    else:
        try:
            data, _ = load_yaml(line)
        except YamlError:
            return None
        if not (isinstance(data, dict) and len(data) == 1):
            return None
        (doc_id, value), = data.items()
        if not (isinstance(value, dict) and set(value) == {"index_no", "title"}):
            return None
        doc_id, index_no, title = str(doc_id), str(value["index_no"]), str(value["title"])
    return (doc_id, Registered(index_no, title)) if _NUMBER.match(index_no) else None


def assign(docs: list[Doc], register: Register, present: set[str], reporter: Reporter) -> dict[str, Registered]:
    """Give every document its 索引号 (setting `doc.index_no`) and return the register as it is now.
    `docs` hold their hand-written number in `index_no`, or ""; `present` is the id of every document
    the project has (readable or not): a registered id not among them is a deleted (or renamed) one."""
    entries = dict(register.entries)
    owner = {entry.index_no: doc_id for doc_id, entry in entries.items()}
    for doc in docs:
        registered = entries.get(doc.id)
        if doc.index_no:
            other = owner.get(doc.index_no)
            if registered and registered.index_no != doc.index_no:
                reporter.report("E411", doc.source.at("index_no"), value=doc.index_no, registered=registered.index_no)
            elif other and other != doc.id and other in present:
                reporter.report("E402", doc.source.at("index_no"), value=doc.index_no,
                                other=f"{REGISTER_FILE} 中的 {other}")
            elif other and other != doc.id:  # renamed, its number written by hand: the entry moves
                del entries[other]
        elif registered:
            doc.index_no = registered.index_no
    new = [doc for doc in docs if not doc.index_no]
    _keep_renamed(new, entries, present)
    taken = set(owner) | {doc.index_no for doc in docs if doc.index_no}
    _number(sorted((doc for doc in new if not doc.index_no), key=lambda d: (d.meta.published, d.id)), taken)
    for doc in docs:
        if doc.id not in entries or entries[doc.id].index_no == doc.index_no:
            entries.pop(doc.id, None)  # keyed by the document's own id: the register read can be freed
            entries[doc.id] = Registered(index_no=doc.index_no, title=doc.meta.title)
    return dict(sorted(entries.items()))


def _keep_renamed(new: list[Doc], entries: dict[str, Registered], present: set[str]) -> None:
    """A new document with the title of a registered document that is gone, of the same organization,
    is that document renamed: it keeps the number (and the register moves it to the new id)."""
    gone: dict[tuple[str, str], list[str]] = defaultdict(list)
    for doc_id, entry in entries.items():
        if doc_id not in present:
            gone[(entry.index_no.split("/")[0], entry.title)].append(doc_id)
    for doc in new:
        candidates = gone.get((doc.org.code, doc.meta.title), [])
        if len(candidates) == 1:
            doc.index_no = entries.pop(candidates.pop()).index_no


def _number(docs: list[Doc], taken: set[str]) -> None:
    """The lowest sequence never given for each document's organization code and year of 成文."""
    counters: dict[tuple[str, int], int] = defaultdict(int)
    for doc in docs:
        key = (doc.org.code, doc.meta.written.year)
        while True:
            counters[key] += 1
            candidate = f"{doc.org.code}/{key[1]}-{counters[key]:05d}"
            if candidate not in taken:
                break
        taken.add(candidate)
        doc.index_no = candidate


def save_register(project: Path, entries: dict[str, Registered], register: Register) -> bool:
    """Write the register if it changed from `register` (as read this build); whether it was written."""
    path = project / REGISTER_FILE
    if entries == register.entries and path.is_file():
        return False
    lines = [f"{json.dumps(doc_id, ensure_ascii=False)}: "
             f"{{index_no: {json.dumps(entry.index_no)}, title: {json.dumps(entry.title, ensure_ascii=False)}}}"
             for doc_id, entry in entries.items()]
    text = HEADER + "".join(line + "\n" for line in lines)
    staged = path.with_name(path.name + ".tmp")
    staged.write_text(text, encoding="utf-8")
    staged.replace(path)
    return True


def check_registered(register: Register, numbers: dict[str, Registered], reporter: Reporter) -> None:
    """`gongkai check`: documents whose 索引号 no committed register holds yet (W410), so that a
    project's CI can ask for the register to be built and committed with the documents."""
    new = sorted(doc_id for doc_id in numbers if doc_id not in register.entries)
    if new:
        reporter.report("W410", Position(file=REGISTER_FILE), count=len(new), example="、".join(new[:3]))
