"""Resolve stage: loaded documents → public documents with everything they refer to resolved.

For each document: its organization and column (catalog item), its attachments, its 索引号; the
relations between documents in both directions (解读 ↔ 文件, 修改/废止 ↔ 被修改/被废止, 征求意见稿 ↔
采纳情况); the checks an inspector makes (解读 within 3 working days, 办事指南 key elements, validity
consistent with the relations); and its Markdown body, with every link checked.
Only documents with `disclosure: 主动公开` come out as public: the guard for everything downstream.
"""

from __future__ import annotations

import difflib
import posixpath
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Collection, Protocol

from .cache import digest
from .diagnostics import Position, Reporter, did_you_mean
from .index_numbers import Register, Registered, assign
from .loading import LoadedCatalog, SourceDocument
from .markdown import RenderedBody, is_external, render_body, source_target
from .models import CatalogItem, DocumentMeta, Organization
from .personal import KINDS, mask_text
from .sharing import empty
from .workdays import CalendarGap, working_days_between
from .workers import chunks, run_all

REVERSE = {"interprets": "interpretations", "amended_by": "amends", "repealed_by": "repeals"}  # Doc fields
INTERPRETATION_DEADLINE = 3  # working days after the document (国办发〔2016〕19号)
# 办事指南 elements the inspection rules check (检查指标 "服务不实用", REFERENCE §6)
GUIDE_ELEMENTS = {"service_name": "事项名称", "legal_basis": "设定依据", "conditions": "申请条件",
                  "materials": "申请材料", "steps": "办理流程", "processing_time": "办理时限",
                  "location": "办理地点", "office_hours": "办理时间", "consult_phone": "咨询电话"}


@dataclass(slots=True)
class Doc:
    """A public document with everything resolved (internal to the build; not changed after resolve,
    so that a rebuild can hand an unchanged document on as the same object).  Slots, and one shared
    empty list for each relation a document lacks (most have none): a survey holds 10⁶ of them."""

    source: SourceDocument
    org: Organization
    item: CatalogItem
    index_no: str
    body: RenderedBody | None = None
    interpretations: list[str] = field(default_factory=empty)  # 解读 that explain this document
    amends: list[str] = field(default_factory=empty)           # documents this one amended
    repeals: list[str] = field(default_factory=empty)          # documents this one repealed
    feedback: list[str] = field(default_factory=empty)         # for a 征求意见稿: its 采纳情况 documents
    masked_kinds: frozenset[str] = frozenset()                 # personal data published masked, as declared

    @property
    def id(self) -> str:
        return self.source.id

    @property
    def meta(self) -> DocumentMeta:
        return self.source.meta


class Focus(Protocol):
    """What a shard renders (shards.ShardFocus): the documents its sites show, with their bodies.
    `whole`: the whole platform's link targets when the documents resolved are only part of it (a
    shard's share); then what placing them finds is not reported, as the whole platform's placing
    was reported once for every shard (shards.PlatformFacts)."""

    documents: Collection[str]
    whole: LinkTargets | None

    def with_body(self, source: SourceDocument) -> SourceDocument: ...


@dataclass
class Resolved:
    public: dict[str, Doc]  # id -> document, 主动公开 only
    withheld: int           # documents kept out of every output (依申请公开, 不予公开)
    numbers: dict[str, Registered] = field(default_factory=dict)  # the 索引号 register as it is now


@dataclass
class ResolveCache:
    """What resolve hands the next build in `gongkai serve` (cache.py)."""

    structure: tuple = ()                     # (key, {id: placed Doc}, diagnostics, register) of `_place_all`
    docs: dict = field(default_factory=dict)  # id -> (source, placed Doc, link targets, Doc, diagnostics)
    bodies: dict = field(default_factory=dict)  # rendering inputs -> RenderedBody


def relations(doc: Doc) -> dict[str, list[str]]:
    """The documents a document's page links to by title, by DocView field: those it explains,
    amends, repeals or answers (a 采纳情况 its 征求意见稿) and those that explain, amend, repeal or
    answer it."""
    meta = doc.meta
    return {"interprets": meta.interprets, "interpretations": doc.interpretations, "amended_by": meta.amended_by,
            "repealed_by": [meta.repealed_by] if meta.repealed_by else [], "amends": doc.amends,
            "repeals": doc.repeals, "feedback_to": [meta.feedback_to] if meta.feedback_to else [],
            "feedback": doc.feedback}


def resolve_documents(sources: list[SourceDocument], catalogs: dict[str, LoadedCatalog], reporter: Reporter,
                      unreadable: frozenset[str], register: Register, cache: ResolveCache | None = None,
                      focus: Focus | None = None) -> Resolved:
    """`register`: the 索引号 given so far (index_numbers.py).  `cache`: the previous build's results,
    reused where their inputs are the same; updated.  `focus`: only the bodies of the documents it
    names are rendered and checked (a shard's); the others are placed and guarded, without a body."""
    cache = cache or ResolveCache()
    whole = focus.whole if focus else None
    placed = _place_all(sources, catalogs, reporter if whole is None else Reporter(), unreadable, register, cache)
    links = whole or link_targets(sources, placed, unreadable)
    docs, fresh = {}, []
    for source in sources:
        if source.id not in placed:
            continue
        before = cache.docs.get(source.id)
        if before and before[0] is source and before[1] is placed[source.id] and before[2] == links.key:
            docs[source.id] = before
            reporter.extend(before[4])
        else:
            fresh.append(source)
    wanted = None if focus is None else focus.documents
    finished = [(focus.with_body(source) if wanted is not None and source.id in wanted else source, Reporter())
                for source in fresh]
    guarded = [_guard_personal_data(placed[source.id], source, found) for source, found in finished]
    _render_bodies([doc for doc in guarded if wanted is None or doc.id in wanted], links, cache.bodies)
    for (source, found), doc in zip(finished, guarded):
        if doc.body:
            _report_links(doc, links, found)
        docs[source.id] = (source, placed[source.id], links.key, doc, found.diagnostics)
        reporter.extend(found.diagnostics)
    cache.docs = {doc_id: docs[doc_id] for doc_id in placed}  # in the order of the sources
    cache.bodies = {_body_key(entry[3], links): entry[3].body for entry in cache.docs.values()}
    return Resolved(public={doc_id: entry[3] for doc_id, entry in cache.docs.items()},
                    withheld=sum(not s.meta.is_public for s in sources), numbers=cache.structure[3])


def _place_all(sources: list[SourceDocument], catalogs: dict[str, LoadedCatalog], reporter: Reporter,
               unreadable: frozenset[str], register: Register, cache: ResolveCache) -> dict[str, Doc]:
    """Each public document placed (organization, column, 索引号, relations both ways), without its
    body, and the checks on front matter: all of it reads only the documents' front matter, so it is
    reused whole while no front matter, attachment list or catalog changed, and otherwise kept for
    each document placed as before."""
    key = ([(s.id, s.file, s.meta, s.lines, s.attachment_files, s.bundle_dir) for s in sources],
           list(catalogs.items()), unreadable, register.entries)
    if cache.structure and cache.structure[0] == key:
        reporter.extend(cache.structure[2])
        return cache.structure[1]
    found = Reporter()
    docs = _attach(sources, catalogs, found, unreadable)
    numbers = assign(docs, register, {s.id for s in sources} | set(unreadable), found)
    public = {doc.id: doc for doc in docs if doc.meta.is_public}
    known = {s.id for s in sources} | set(unreadable)
    _relate(public, known, found)
    _relate_feedback(public, known, {s.id for s in sources if not s.meta.is_public}, found)
    _check_timeliness(public, found)
    _check_guides(public, found)
    before = cache.structure[1] if cache.structure else {}
    public = {doc_id: before[doc_id] if doc_id in before and _same_placement(before[doc_id], doc) else doc
              for doc_id, doc in public.items()}
    cache.structure = (key, public, found.diagnostics, numbers)
    reporter.extend(found.diagnostics)
    return public


def _same_placement(before: Doc, now: Doc) -> bool:
    """Whether a document is placed as the previous build placed it, from the same source: then the
    previous placement is kept, the same object, so that what was made from it can be reused."""
    return (before.source is now.source and before.org is now.org and before.item is now.item
            and before.index_no == now.index_no and before.interpretations == now.interpretations
            and before.amends == now.amends and before.repeals == now.repeals and before.feedback == now.feedback)


def _attach(sources: list[SourceDocument], catalogs: dict[str, LoadedCatalog], reporter: Reporter,
            unreadable: frozenset[str]) -> list[Doc]:
    docs: list[Doc] = []
    explicit: dict[str, str] = {}
    for source in sources:
        meta = source.meta
        if meta.published < meta.written:
            reporter.report("E310", source.at("published"), published=meta.published, written=meta.written)
        for index, attachment in enumerate(meta.attachments):
            if attachment.file not in source.attachment_files:
                folder = source.bundle_dir or source.file.removesuffix(".md")
                hint = did_you_mean(attachment.file, source.attachment_files, "附件")
                reporter.report("E311", source.at("attachments", index, "file"), file=attachment.file,
                                folder=folder, suggest="；" + hint if source.attachment_files else "")
        if meta.index_no:
            if meta.index_no in explicit:
                reporter.report("E402", source.at("index_no"), value=meta.index_no, other=explicit[meta.index_no])
            explicit.setdefault(meta.index_no, source.file)
        loaded = catalogs.get(meta.org)
        if loaded is None:
            if meta.org not in unreadable:
                reporter.report("E303", source.at("org"), org=meta.org, suggest=did_you_mean(meta.org, catalogs, "组织"))
            continue
        item = loaded.item(meta.item)
        if item is None:
            if meta.item not in loaded.broken_items:
                reporter.report("E302", source.at("item"), item=meta.item, org=meta.org,
                                suggest=_item_hint(meta.item, loaded, catalogs))
            continue
        docs.append(Doc(source=source, org=loaded.org, item=item, index_no=meta.index_no or ""))
    return docs


def _item_hint(item_id: str, loaded: LoadedCatalog, catalogs: dict[str, LoadedCatalog]) -> str:
    """A column of another organization (a document copied from another department keeps its `org`),
    or the closest column of this one."""
    owners = [org_id for org_id, other in catalogs.items() if other is not loaded and other.item(item_id)]
    if owners:
        return f"“{item_id}”是 {'、'.join(f'catalogs/{o}.yaml' for o in owners)} 的栏目：org 是否应为 {owners[0]}？"
    return did_you_mean(item_id, [i.id for i in loaded.catalog.items], "栏目")


def _relate(public: dict[str, Doc], known: set[str], reporter: Reporter) -> None:
    """interprets / amended_by / repealed_by: check the ids, derive the reverse links, check validity."""
    reverse: dict[tuple[str, str], list[str]] = defaultdict(list)  # (document, Doc field) -> ids, in order
    for doc in public.values():
        meta = doc.meta
        references = [("interprets", i, t) for i, t in enumerate(meta.interprets)]
        references += [("amended_by", i, t) for i, t in enumerate(meta.amended_by)]
        references += [("repealed_by", None, meta.repealed_by)] if meta.repealed_by else []
        for field_name, index, target in references:
            where = doc.source.at(field_name, index) if index is not None else doc.source.at(field_name)
            if target not in known:
                code = "E405" if field_name == "interprets" else "E408"
                reporter.report(code, where, doc=target, field=field_name, suggest=did_you_mean(target, known, "文档"))
                continue
            if target in public:
                reverse[target, REVERSE[field_name]].append(doc.id)
        if meta.repealed_by and meta.validity != "废止":
            reporter.report("W302", doc.source.at("validity") if meta.validity else doc.source.at("repealed_by"),
                            doc=meta.repealed_by, validity=meta.validity or "（未填）")
        elif meta.amended_by and meta.validity not in ("已修改", "废止", "失效"):
            reporter.report("W303", doc.source.at("validity") if meta.validity else doc.source.at("amended_by"),
                            doc="、".join(meta.amended_by), validity=meta.validity or "（未填）")
        if meta.category and not meta.validity:
            reporter.report("W304", doc.source.at("category"), category=meta.category)
    for (target, name), ids in reverse.items():
        setattr(public[target], name, sorted(ids))


def _relate_feedback(public: dict[str, Doc], known: set[str], private: set[str], reporter: Reporter) -> None:
    """feedback_to: a 采纳情况 document names the public 征求意见稿 (a document with `consultation`)
    it answers, which then links to it (E751 unknown, E752 not public, E753 not a draft)."""
    drafts = sorted(doc_id for doc_id, doc in public.items() if doc.meta.consultation)
    answers: dict[str, list[str]] = defaultdict(list)
    for doc in public.values():
        target = doc.meta.feedback_to
        if not target:
            continue
        where = doc.source.at("feedback_to" if ("feedback_to",) in doc.source.lines.values else "反馈")
        draft = public.get(target)
        if target not in known:
            reporter.report("E751", where, doc=target, suggest=did_you_mean(target, drafts or known, "征求意见稿"))
        elif target in private:
            reporter.report("E752", where, doc=target)
        elif draft is None:
            continue  # its own file's error is reported
        elif draft.meta.consultation is None:
            reporter.report("E753", where, doc=target, suggest=did_you_mean(target, drafts, "征求意见稿"))
        else:
            answers[target].append(doc.id)
    for target, ids in answers.items():
        public[target].feedback = sorted(ids)


def _check_timeliness(public: dict[str, Doc], reporter: Reporter) -> None:
    """A 解读 is due within 3 working days of the document it explains."""
    gaps: set[int] = set()
    for doc in public.values():
        if doc.meta.type not in ("解读", "回应关切"):
            continue
        for index, target in enumerate(doc.meta.interprets):
            explained = public.get(target)
            if explained is None:
                continue
            try:
                days = working_days_between(explained.meta.published, doc.meta.published)
            except CalendarGap as gap:
                if gap.year not in gaps:
                    gaps.add(gap.year)
                    reporter.report("W311", doc.source.at("published"), year=gap.year)
                continue
            if days > INTERPRETATION_DEADLINE:
                reporter.report("W310", doc.source.at("published"), days=days)


def _check_guides(public: dict[str, Doc], reporter: Reporter) -> None:
    for doc in public.values():
        if doc.meta.type != "办事指南":
            continue
        missing = [label for name, label in GUIDE_ELEMENTS.items() if not getattr(doc.meta, name)]
        if missing:
            reporter.report("W320", doc.source.at("type"), missing="、".join(missing))


def _guard_personal_data(placed: Doc, source: SourceDocument, reporter: Reporter) -> Doc:
    """Personal data stops the build, unless the document declares it: then it is published masked.
    Returns the document to publish: `placed` (which stays as the cache holds it) with `source`."""
    doc = replace(placed, source=source)
    declared = doc.meta.personal_data
    allowed = set(declared.allow) if declared else set()
    for file, finding in doc.source.personal:
        where = Position(file=file, line=finding.line, column=finding.column)
        if finding.kind not in allowed:
            reporter.report("E320", where, kind=KINDS[finding.kind], masked=finding.masked)
        elif file.lower().endswith(".pdf"):  # allowed, but a PDF cannot be published masked
            reporter.report("E321", where, kind=KINDS[finding.kind], masked=finding.masked)
    for name in doc.source.unscanned:
        reporter.report("W330", doc.source.at("title"), file=name, kind=posixpath.splitext(name)[1].lstrip(".").upper())
    if allowed:
        meta = DocumentMeta.model_validate_json(mask_text(doc.meta.model_dump_json(), allowed))
        doc.source = doc.source.model_copy(update={"meta": meta, "body": mask_text(doc.source.body, allowed, markdown=True)})
        doc.masked_kinds = frozenset(allowed)
    return doc


def link_targets(sources: list[SourceDocument], public: Collection[str], unreadable: frozenset[str]) -> LinkTargets:
    """What the bodies of `sources` may link to, `public` being those of them placed as public."""
    return LinkTargets(set(public), {s.id for s in sources if not s.meta.is_public}, unreadable,
                       {f"{s.id}/{name}" for s in sources if s.bundle_dir for name in s.attachment_files})


@dataclass
class LinkTargets:
    """What a body's links can point at: documents (public, private, unreadable) and bundle attachments."""

    public: set[str]
    private: set[str]
    unreadable: frozenset[str]
    attachments: set[str]
    key: str = ""  # a digest of all of it

    def __post_init__(self):
        self.key = digest((sorted(self.public), sorted(self.private), sorted(self.unreadable),
                           sorted(self.attachments)))

    def resolver(self, source_dir: str):
        def resolve(href: str):
            if is_external(href):
                return ("external", href, "")
            path, fragment = source_target(href, source_dir)
            doc_id = path.removesuffix(".md").removesuffix("/index")
            if doc_id in self.public or doc_id in self.unreadable:
                return ("doc", doc_id, fragment)
            if doc_id in self.private:
                return ("private", doc_id, "")
            if path in self.attachments:
                return ("file", path, "")
            return None
        return resolve


def _folder(doc: Doc) -> str:
    return doc.id if doc.source.bundle_dir else posixpath.dirname(doc.id)


def _body_key(doc: Doc, links: LinkTargets) -> tuple:
    """Everything a body's rendering depends on."""
    return (doc.source.body, doc.source.body_line, _folder(doc), links.key)


def _render_bodies(docs: list[Doc], links: LinkTargets, cache: dict) -> None:
    """Set each document's rendered body: from `cache` (the previous build's) or rendered, on all cores."""
    keys = [_body_key(doc, links) for doc in docs]
    missing = list({key: doc for key, doc in zip(keys, docs) if key not in cache}.items())

    def render(part: list[tuple[tuple, Doc]]) -> list[RenderedBody]:
        return [render_body(d.source.body, d.source.body_line, links.resolver(_folder(d))) for _, d in part]

    parts = run_all([partial(render, part) for part in chunks(missing, 250)], parallel=len(missing) > 500)
    fresh = dict(zip((key for key, _ in missing), (body for part in parts for body in part)))
    for doc, key in zip(docs, keys):
        doc.body = fresh.get(key) or cache[key]


def _report_links(doc: Doc, links: LinkTargets, reporter: Reporter) -> None:
    for problem in doc.body.problems:
        where = Position(file=doc.source.file, line=problem.line)
        if problem.kind == "private":
            reporter.report("E407", where, target=problem.target, doc=problem.detail)
        else:
            every_id = links.public | links.private | set(links.unreadable)
            reporter.report("E404", where, target=problem.target,
                            suggest=_link_hint(problem.target, _folder(doc), every_id, links.attachments))


def _link_hint(target: str, source_dir: str, documents: set[str], attachments: set[str]) -> str:
    """The closest existing document or attachment, written as a link relative to the source file."""
    path, _ = source_target(target, source_dir)
    candidates = {f"{d}.md": d for d in documents} | {a: a for a in attachments}
    close = difflib.get_close_matches(path, list(candidates), n=1, cutoff=0.6)
    example = "链接写成相对于本文件的路径，例如 ../mzj/dibao-2025.md"
    if not close:
        return example
    return f"是否应为 \"{posixpath.relpath(close[0], source_dir or '.')}\"？{example}"
