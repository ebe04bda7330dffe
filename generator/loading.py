"""Read stage: platform.yaml, catalogs/*.yaml and content/**.md into validated models.

Each file is read on its own; a bad file is reported (with every problem it has) and skipped, and the
next file is read.  Cross-file checks that need everything loaded live in `assemble`.
"""

from __future__ import annotations

import json
import os
import re
import typing
from datetime import date
from functools import partial
from pathlib import Path

from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError, model_validator

from .diagnostics import Diagnostic, Position, Reporter, did_you_mean
from .models import (Catalog, CatalogItem, Consultation, ConsultationSettings, DocumentMeta, Fee, Material,
                     Organization, PlatformConfig, ProcessingTime, Step, ThemeConfig, field_names)
from .personal import UNSCANNABLE, Finding, file_text, scan
from .progress import Progress
from .gazette.model import ContentsEntry, GazetteConfig, IssueFile
from .interaction.model import FaqEntry, FaqFile, InteractionConfig
from .library.model import FederationSource, LibrarySettings
from .records.model import FieldSpec, RecordsSpec
from .sharing import compact
from .site_report.model import MODELS as SITE_REPORT_MODELS
from .sources import FrontMatterError, LineMap, YamlError, load_yaml, split_front_matter
from .workers import chunks, each_result
from .ysqgk.model import MODELS as YSQGK_MODELS

# pydantic error kinds -> diagnostic code, per kind of file
CODES = {
    "config": {"syntax": "E101", "extra": "E102", "missing": "E103", "value": "E104", "date": "E104"},
    "catalog": {"syntax": "E201", "extra": "E202", "missing": "E203", "value": "E204", "date": "E204"},
    "document": {"syntax": "E301", "extra": "E304", "missing": "E305", "value": "E306", "date": "E307"},
    "gazette": {"syntax": "E710", "extra": "E711", "missing": "E712", "value": "E713", "date": "E714"},
    "faq": {"syntax": "E736", "extra": "E737", "missing": "E738", "value": "E739", "date": "E739"},  # 政民互动 常见问题
    "ysqgk": {"syntax": "E775", "extra": "E776", "missing": "E777", "value": "E778", "date": "E778"},  # cases, reports
    "federation": {"syntax": "E760", "extra": "E762", "missing": "E761", "value": "E762", "date": "E762"},  # library.json
    "site_report": {"syntax": "E790", "extra": "E791", "missing": "E792", "value": "E793", "date": "E793"},  # 网站年度报表
}
# custom validator error types (models.py) with codes of their own
CUSTOM_CODES = {"time_limit": "E205", "doc_number": "E308", "topic": "E309", "index_no": "E313",
                "consultation_period": "E750"}
# required fields whose absence has a message of its own
MISSING_CODES = {DocumentMeta: {"disclosure": "E314"}}

_REASONS = {
    "string_type": "应为文本",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "list_type": "应为列表，写成 [甲, 乙] 或每行一个 \"- 甲\"",
    "dict_type": "应为映射（字段: 值）",
    "model_type": "应为映射（字段: 值）",
    "model_attributes_type": "应为映射（字段: 值）",
    "too_short": "不能为空",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
}
_PATTERN_HINTS = {
    "site_code": "网站标识码为 10 位数字（地方网站）或 bm 加 8 位数字（部门网站）",
    "code": "组织机构代码为 9 位、统一社会信用代码为 18 位，由数字和大写字母组成",
    "base_url": "写成完整网址并以 / 结尾，例如 https://www.example.gov.cn/",
    "org": "这里写单位编号（catalogs/ 下目录文件的文件名，如 mzj），不是单位名称",
    "item": "这里写事项编号（标准目录中事项的 id，如 dibao-policy），不是栏目名称",
    "error_report": "写成以 http:// 或 https:// 开头的完整网址",
    "link": "写成以 http:// 或 https:// 开头的完整网址（颁发标识时给出的核验地址）",
    "form": "写成以 http:// 或 https:// 开头的完整网址（意见征集平台上在线提交意见的页面）",
    "image": "写主题 static 目录中的文件名，例如 badge.png（放在 themes/<主题>/static/badge.png）",
    "message_form": "写成以 http:// 或 https:// 开头的完整网址（本平台留言系统的留言页面）",
    "留言入口": "写成以 http:// 或 https:// 开头的完整网址（本平台留言系统的留言页面）",
    **dict.fromkeys(("postcode", "邮政编码", "邮编"), "邮政编码为 6 位数字，写在引号中，如 \"550001\""),
    **dict.fromkeys(("online", "网上申请", "online_application"), "写成以 http:// 或 https:// 开头的完整网址"),
    **dict.fromkeys(("registers", "register", "台账", "cases", "案例"),
                    "写相对于项目根目录的文件路径，如 data/rsj/ysqgk.csv"),
}
_ID_HINT = "编号只用小写字母、数字和连字符，且以字母或数字开头，例如 dibao-policy"


class Loaded(BaseModel):
    """A validated record plus where its keys and values are in the file."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    file: str
    lines: LineMap

    @model_validator(mode="after")
    def _shared_parts(self):
        return compact(self)

    def at(self, *path: str | int) -> Position:
        found = self.lines.value(tuple(path))
        return Position(file=self.file, line=found[0] if found else None, column=found[1] if found else None)


class LoadedPlatform(Loaded):
    config: PlatformConfig


class LoadedCatalog(Loaded):
    catalog: Catalog
    broken_items: set[str] = set()  # items that failed validation (already reported)
    _items: dict[str, CatalogItem] = PrivateAttr(default_factory=dict)  # by id, the first of each

    def model_post_init(self, context: object) -> None:
        for item in self.catalog.items:
            self._items.setdefault(item.id, item)

    @property
    def org(self) -> Organization:
        return self.catalog.org

    def item(self, item_id: str) -> CatalogItem | None:
        return self._items.get(item_id)


class SourceDocument(Loaded):
    id: str
    meta: DocumentMeta
    body: str
    body_line: int
    bundle_dir: str | None = None  # project-relative folder of a bundle
    attachment_files: list[str] = []  # file names in the bundle folder besides index.md
    personal: list[tuple[str, Finding]] = []  # (project-relative file, finding) in the text or attachments
    unscanned: list[str] = []  # attachments that may hold personal data but have no text to scan


def failed_ids(reporter: Reporter, folder: str, loaded: set[str]) -> set[str]:
    """Ids of catalogs or documents whose file had errors (already reported), so that references
    to them are not reported again as unknown: 'catalogs/mzj.yaml' → 'mzj', 'content/a/b/index.md' → 'a/b'."""
    failed = {d.file for d in reporter.errors if d.file and d.file.startswith(folder) and d.file not in loaded}
    return {f.removeprefix(folder).rsplit(".", 1)[0].removesuffix("/index") for f in failed}


def relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def load_platform(root: Path, reporter: Reporter) -> LoadedPlatform | None:
    path = root / "platform.yaml"
    if not path.is_file():
        reporter.report("E100", Position(file="platform.yaml"))
        return None
    parsed = parse_yaml_file(path, root, "config", reporter)
    if parsed is None:
        return None
    data, lines = parsed
    config = validate(PlatformConfig, data, lines, "platform.yaml", "config", reporter)
    return LoadedPlatform(file="platform.yaml", lines=lines, config=config) if config else None


def load_theme_config(folder: Path, root: Path, reporter: Reporter) -> tuple[ThemeConfig, Position] | None:
    """A project theme's optional theme.yaml, and where its `extends` is written."""
    path = folder / "theme.yaml"
    file = relative(path, root)
    if not path.is_file():
        return ThemeConfig(), Position(file=file)
    parsed = parse_yaml_file(path, root, "config", reporter)
    if parsed is None:
        return None
    data, lines = parsed
    config = validate(ThemeConfig, {} if data is None else data, lines, file, "config", reporter)
    if config is None:
        return None
    line, column = lines.value(("extends",)) or (None, None)
    return config, Position(file=file, line=line, column=column)


def load_catalogs(root: Path, reporter: Reporter, cache: dict | None = None) -> dict[str, LoadedCatalog]:
    """Every catalog under catalogs/.  `cache` (file -> (stamp, catalog, diagnostics)) holds the
    previous build's catalogs, reused (the same objects) while their file is unchanged; updated."""
    catalogs: dict[str, LoadedCatalog] = {}
    previous = cache if cache is not None else {}
    current = {}
    for path in sorted((root / "catalogs").glob("*.yaml")) + sorted((root / "catalogs").glob("*.yml")):
        file = relative(path, root)
        info = path.stat()
        stamp = (info.st_mtime_ns, info.st_size)
        if previous.get(file, (None,))[0] == stamp:
            loaded, diagnostics = previous[file][1:]
        else:
            found = Reporter()
            loaded, diagnostics = _load_catalog(path, file, root, found), found.diagnostics
        current[file] = (stamp, loaded, diagnostics)
        reporter.extend(diagnostics)
        if loaded is None:
            continue
        org = loaded.org.id
        if path.stem != org:
            reporter.report("E208", loaded.at("org", "id"), name=path.name, org=org)
        if org in catalogs:
            reporter.report("E207", loaded.at("org", "id"), org=org, other=catalogs[org].file)
            continue
        _check_items(loaded, reporter)
        catalogs[org] = loaded
    if cache is not None:
        cache.clear()
        cache.update(current)
    return catalogs


def _load_catalog(path: Path, file: str, root: Path, reporter: Reporter) -> LoadedCatalog | None:
    parsed = parse_yaml_file(path, root, "catalog", reporter)
    if parsed is None:
        return None
    data, lines = parsed
    catalog, broken = validate(Catalog, data, lines, file, "catalog", reporter), set()
    if catalog is None:
        catalog, broken = _salvage(data)
    if catalog is None:
        return None
    return LoadedCatalog(file=file, lines=lines, catalog=catalog, broken_items=broken)


def _salvage(data: object) -> tuple[Catalog | None, set[str]]:
    """After a failed catalog was reported, keep its valid items (and the ids of the broken ones),
    so one typo does not cascade into "unknown column" errors for every document of the organization."""
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return None, set()
    good, broken = [], set()
    for item in data["items"]:
        try:
            good.append(CatalogItem.model_validate(item))
        except ValidationError:
            if isinstance(item, dict):
                broken.add(str(item.get("id")))
    try:
        return Catalog.model_validate({**data, "items": good}), broken
    except ValidationError:
        return None, broken


def _check_items(loaded: LoadedCatalog, reporter: Reporter) -> None:
    first_line: dict[str, int] = {}
    offices = loaded.org.offices
    for index, item in enumerate(loaded.catalog.items):
        where = loaded.at("items", index, "id")
        if item.id in first_line:
            reporter.report("E206", where, item=item.id, first_line=first_line[item.id])
        else:
            first_line[item.id] = where.line or 0
        if offices and item.office not in offices:
            office_key = "office" if ("items", index, "office") in loaded.lines.values else "公开主体"
            reporter.report("E209", loaded.at("items", index, office_key), office=item.office,
                            suggest=did_you_mean(item.office, offices, "处室"))


def load_documents(root: Path, reporter: Reporter, cache: dict | None = None, listing: list | None = None,
                   edited: frozenset[str] | None = None, bodies: bool = True,
                   progress: Progress | None = None) -> list[SourceDocument]:
    """Every Markdown document under content/ (public or not: the guard decides later).  `cache`
    (file -> (stamp, document, diagnostics)) holds the previous build's results and is updated.
    `listing` holds the previous build's `_document_files` and is updated; given `edited` (the only
    files changed since, in content alone), content/ is not listed again: only their stamps are taken.
    `bodies=False`: each body is scanned for personal data but not kept (a shard reads the bodies it
    needs again: `with_body`).  `progress` counts the documents read."""
    files = _relisted(listing, edited) if listing and edited is not None else None
    if files is None:
        files = _document_files(root / "content")
    if listing is not None:
        listing[:] = files
    wanted: list[tuple[str, str, bool]] = []
    stamps: dict[str, tuple] = {}
    seen: dict[str, str] = {}
    for path, parts, is_bundle, stamp in files:
        file = "/".join(("content", *parts))
        doc_id = "/".join(parts[:-1] if is_bundle else (*parts[:-1], parts[-1][:-3])) or "."
        if not doc_id.isascii() or doc_id != doc_id.lower() or " " in doc_id:
            reporter.report("E312", Position(file=file, line=1, column=1), path=doc_id)
            continue
        if doc_id in seen:
            reporter.report("E401", Position(file=file, line=1, column=1), doc=doc_id, other=seen[doc_id])
            continue
        seen[doc_id] = file
        wanted.append((path, doc_id, is_bundle))
        stamps[path] = stamp

    def load(part: list[tuple[str, str, bool]]) -> list[tuple[SourceDocument | None, list[Diagnostic]]]:
        results = []
        for path, doc_id, is_bundle in part:
            found = Reporter()
            results.append((_load_document(Path(path), root, doc_id, is_bundle, found, bodies), found.diagnostics))
        return results

    previous = cache if cache is not None else {}
    changed = [entry for entry in wanted if previous.get(entry[0], (None,))[0] != stamps[entry[0]]]
    progress = progress or Progress()
    progress.expect(len(changed), "篇文档")
    parts = []
    for part in each_result([partial(load, part) for part in chunks(changed, 500)], parallel=len(changed) > 1000):
        parts.append(part)
        progress.advance(len(part))
    fresh = dict(zip((path for path, _, _ in changed), (result for part in parts for result in part)))
    documents: list[SourceDocument] = []
    current = {}
    for path, _, _ in wanted:
        document, diagnostics = fresh[path] if path in fresh else previous[path][1:]
        if path in fresh and path in previous:
            document = _keep_front_matter(document, previous[path][1])
        current[path] = (stamps[path], document, diagnostics)
        reporter.extend(diagnostics)
        if document:
            documents.append(document)
    if cache is not None:
        cache.clear()
        cache.update(current)
    return documents


def _keep_front_matter(document: SourceDocument | None, before: SourceDocument | None) -> SourceDocument | None:
    """A reloaded document whose front matter did not change keeps the previous build's objects for
    it, so that later stages see an unchanged front matter as the same object (cache.py)."""
    if document is None or before is None or document.lines != before.lines or document.meta != before.meta:
        return document
    return document.model_copy(update={"meta": before.meta, "lines": before.lines})


def _document_files(content: Path) -> list[tuple[str, tuple[str, ...], bool, tuple]]:
    """Every document file under content/, in path order: (path, its parts below content/, is it a
    bundle's index.md, its stamp).  A folder holding index.md is a bundle, one document: everything
    else inside it is an attachment.  A stamp is what the loaded document depends on: the file's
    name, modification time and size, and for a bundle those of everything beside index.md too."""
    found = []
    folders: list[tuple[str, tuple[str, ...]]] = [(str(content), ())]
    while folders:
        folder, parts = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue
        if any(entry.name == "index.md" and entry.is_file() for entry in entries):
            stamp = tuple((e.name, s.st_mtime_ns, s.st_size) for e in entries for s in [e.stat()])
            found.append((os.path.join(folder, "index.md"), (*parts, "index.md"), True, stamp))
            continue
        for entry in entries:
            if entry.is_dir():
                folders.append((entry.path, (*parts, entry.name)))
            elif entry.name.endswith(".md") and entry.is_file():
                info = entry.stat()
                found.append((entry.path, (*parts, entry.name), False,
                              ((entry.name, info.st_mtime_ns, info.st_size),)))
    return sorted(found, key=lambda item: item[1])


def _relisted(listing: list, edited: frozenset[str]) -> list | None:
    """`listing` with the stamps of the `edited` files taken again; None when one of them is not a
    listed document of its own (a bundle's stamp covers its whole folder)."""
    files = list(listing)
    position = {entry[0]: n for n, entry in enumerate(listing) if not entry[2]}
    for path in edited:
        if path not in position:
            return None
        n = position[path]
        name = files[n][1][-1]
        try:
            info = os.stat(path)
        except OSError:
            return None
        files[n] = (*files[n][:3], ((name, info.st_mtime_ns, info.st_size),))
    return files


def with_body(source: SourceDocument, root: Path) -> SourceDocument:
    """A document loaded without its body (`load_documents(bodies=False)`), with it."""
    front = split_front_matter((root / source.file).read_text(encoding="utf-8"))
    return source.model_copy(update={"body": front.body})


def _load_document(path: Path, root: Path, doc_id: str, is_bundle: bool,
                   reporter: Reporter, keep_body: bool = True) -> SourceDocument | None:
    file = relative(path, root)
    try:
        text = path.read_text(encoding="utf-8")
        front = split_front_matter(text)
    except UnicodeDecodeError:
        reporter.report("E301", Position(file=file, line=1, column=1), problem="文件不是 UTF-8 编码")
        return None
    except FrontMatterError as exc:
        reporter.report("E301", Position(file=file, line=exc.line, column=exc.column), problem=exc.problem)
        return None
    meta = validate(DocumentMeta, front.data, front.lines, file, "document", reporter)
    if meta is None:
        return None
    attachments = []
    if is_bundle:
        attachments = sorted(p.name for p in path.parent.iterdir() if p.is_file() and p.name != "index.md")
    personal = [(file, finding) for finding in scan(text)]
    unscanned = []
    for name in attachments:
        attached = file_text(path.parent / name)
        personal += [(relative(path.parent / name, root), f) for f in scan(attached or "")]
        if attached is None and os.path.splitext(name)[1].lower() in UNSCANNABLE:
            unscanned.append(name)
    return SourceDocument(
        file=file, lines=front.lines, id=doc_id, meta=meta, body=front.body if keep_body else "", body_line=front.body_line,
        bundle_dir=relative(path.parent, root) if is_bundle else None, attachment_files=attachments,
        personal=personal, unscanned=unscanned,
    )


def parse_yaml_file(path: Path, root: Path, kind: str, reporter: Reporter):
    """A YAML file's data and positions, or None with its syntax error reported under `kind`'s code (CODES)."""
    file = relative(path, root)
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        reporter.report(CODES[kind]["syntax"], Position(file=file, line=1, column=1), problem="文件不是 UTF-8 编码")
    except YamlError as exc:
        reporter.report(CODES[kind]["syntax"], Position(file=file, line=exc.line, column=exc.column),
                        problem=exc.problem)
    return None


def validate(model: type[BaseModel], data: object, lines: LineMap, file: str, kind: str,
             reporter: Reporter):
    """model.model_validate(data), with every validation error reported at its position."""
    codes = CODES[kind]
    for path, position in lines.duplicates:
        reporter.report(codes["value"], Position(file=file, line=position[0], column=position[1]),
                        key=path[-1], value="（重复）", reason="同一字段写了两次", suggest="删除其中一处")
    if not isinstance(data, dict):
        reporter.report(codes["syntax"], Position(file=file, line=1, column=1),
                        problem="内容应为 \"字段: 值\" 形式的映射")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            _report_validation_error(error, model, lines, file, codes, reporter)
        return None


def _report_validation_error(error: dict, model: type[BaseModel], lines: LineMap, file: str,
                             codes: dict[str, str], reporter: Reporter) -> None:
    path = _yaml_path(error["loc"], lines)
    kind = error["type"]
    written_key = next((p for p in reversed(path) if isinstance(p, str)), None)
    key = written_key or next((str(p) for p in reversed(error["loc"]) if isinstance(p, str)), "")
    value = error.get("input")
    ctx = error.get("ctx") or {}

    def at(position: tuple[int, int] | None) -> Position:
        return Position(file=file, line=position[0] if position else None, column=position[1] if position else None)

    if kind == "extra_forbidden":
        reporter.report(codes["extra"], at(lines.key(path)), key=key,
                        suggest=_unknown_key_hint(key, model, error["loc"]))
        return
    if kind == "missing":
        missing = str(error["loc"][-1])
        special = MISSING_CODES.get(model, {}).get(missing) if len(error["loc"]) == 1 else None
        if special:
            reporter.report(special, at(lines.value(path)))
            return
        parent = "、".join(str(p) for p in path) if path else "文件顶层"
        reporter.report(codes["missing"], at(lines.value(path)), key=_as_written(missing, path, lines), parent=parent)
        return
    if kind in CUSTOM_CODES:
        reporter.report(CUSTOM_CODES[kind], at(lines.value(path)), value=ctx.get("value", value),
                        suggest=ctx.get("suggest", ""), key=key)
        return
    if kind.startswith("date") or kind.startswith("datetime"):
        reporter.report(codes["date"], at(lines.value(path)), key=key, value=_show(value),
                        reason="日期格式应为 YYYY-MM-DD", suggest=_date_hint(value))
        return
    reason, suggest = _reason(kind, error, key, value)
    reporter.report(codes["value"], at(lines.value(path)), key=key, value=_show(value), reason=reason,
                    suggest=suggest)


def _as_written(name: str, parent: tuple, lines: LineMap) -> str:
    """A missing field's name as its siblings are written: its Chinese name where they are in Chinese."""
    siblings = [key[-1] for key in lines.keys if key[:-1] == parent and isinstance(key[-1], str)]
    if siblings and all(not key.isascii() for key in siblings):
        return next((alias for alias in _variants(name) if isinstance(alias, str) and not alias.isascii()), name)
    return name


def _date_hint(value: object) -> str:
    """The date a clerk wrote as 2025年5月6日, 2025.5.6 or 2025/5/6, in the form YAML needs."""
    found = re.fullmatch(r"\s*((?:19|20)\d{2})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?\s*", str(value))
    if found:
        year, month, day = (int(part) for part in found.groups())
        try:
            return f"改为 {date(year, month, day).isoformat()}（日期写成 YYYY-MM-DD）"
        except ValueError:
            return f"{year}年没有{month}月{day}日：请核对日期，写成 YYYY-MM-DD"
    return "日期写成 YYYY-MM-DD，例如 2025-05-20"


def _reason(kind: str, error: dict, key: str, value: object) -> tuple[str, str]:
    ctx = error.get("ctx") or {}
    if kind in ("literal_error", "enum"):
        allowed = [part.strip(" '") for part in str(ctx.get("expected", "")).replace(" or ", ",").split(",")]
        allowed = [a for a in allowed if a]
        return "不是可选值之一", did_you_mean(value, allowed, "取值")
    if kind == "string_pattern_mismatch":
        return "格式不符", _PATTERN_HINTS.get(key, _ID_HINT)
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, "), "按提示改正后重新构建"
    return _REASONS.get(kind, str(error["msg"])), "按提示改正后重新构建"


def _unknown_key_hint(key: str, model: type[BaseModel], loc: tuple) -> str:
    """'Did you mean' over the fields allowed where the unknown key stands."""
    where = _walk_model(model, loc[:-1])
    if "\u3000" in key:
        return f"字段名里有全角空格“　”，缩进要用半角空格：改为 \"{key.replace(chr(0x3000), '').strip()}\""
    return did_you_mean(key, field_names(where), "字段") if where else "删除此字段"


def _walk_model(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    current: object = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = _field_by_any_name(current, part)
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_by_any_name(model: type[BaseModel], name: str):
    for field_name, info in model.model_fields.items():
        if field_name == name:
            return info
        alias = info.validation_alias
        if alias is not None and hasattr(alias, "choices") and name in alias.choices:
            return info
    return None


def _inner_model(annotation: object) -> object:
    for arg in typing.get_args(annotation) or ():
        inner = _inner_model(arg)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    return annotation


def _yaml_path(loc: tuple, lines: LineMap) -> tuple:
    """Map a pydantic error location onto the YAML path the user wrote (aliases, union tags)."""
    path: tuple = ()
    for part in loc:
        for candidate in _variants(part):
            trial = path + (candidate,)
            if trial in lines.values or trial in lines.keys:
                path = trial
                break
    return path


def _variants(part: str | int) -> list[str | int]:
    if isinstance(part, int):
        return [part]
    found = [part]
    for model in (CatalogItem, DocumentMeta, Material, Step, ProcessingTime, Fee, RecordsSpec, FieldSpec, Consultation,
                  PlatformConfig, ConsultationSettings, GazetteConfig, IssueFile, ContentsEntry, InteractionConfig, FaqFile,
                  FaqEntry, Organization, LibrarySettings, FederationSource, *YSQGK_MODELS, *SITE_REPORT_MODELS):
        info = model.model_fields.get(part)
        alias = getattr(info, "validation_alias", None) if info else None
        if alias is not None and hasattr(alias, "choices"):
            found.extend(c for c in alias.choices if c not in found)
    return found


def _show(value: object) -> str:
    if isinstance(value, str):
        return f"\"{value}\""
    return json.dumps(value, ensure_ascii=False, default=str)
