"""The pipeline, in order.  Read this file first: it is the only place that knows the stages' order.

    load (platform, catalogs, documents, other kinds of content) → resolve (public documents and their relations)
      → [ledger (compliance per column)] → assemble (pages per site)
      → render (HTML) and index (search), side by side on all cores → publish (disk)

Every stage reports problems into one Reporter and goes on, so a run lists all problems at once;
nothing is written when any error was found, and the previous output stays as it was.
"""

from __future__ import annotations

import functools
import gc
import os
import time
from collections import Counter
from datetime import date, datetime, timezone
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from .assemble import assemble
from .cache import BuildCache, Shown, digest
from .catalog_export import start_exports
from .diagnostics import Diagnostic, Position, Reporter
from .documents import Resolved, resolve_documents
from .index_numbers import Register, check_registered, load_register, save_register
from .kinds import KINDS
from .ledger import LedgerInputs, LedgerRow, LedgerTable, SiteInspection, check_footer, compute_ledger
from .models import PlatformConfig
from .loading import failed_ids, load_catalogs, load_documents, load_platform
from .offline import bundle_zip, service_worker
from .pages import Page, PlatformBuild, SiteBuild
from .progress import Progress
from .render import Linked, Theme, load_theme, render_pages
from .search_input import site_search_input
from .shards import Shard, ShardFocus, ShardResult, clear_result, part_folder, save_result, shard_work
from .search_index import (IndexDocument, SiteIndex, assemble_index, index_segment, patch_segment, segment_key,
                           segments)
from .workdays import use_calendar
from .workers import chunks, each_result
from .writer import Output, OutputError, Written

EXIT_OK, EXIT_CONTENT, EXIT_CONFIG = 0, 1, 2
PAGES_PER_TASK = 400         # pages rendered by one worker task


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic]
    exit_code: int
    platform: PlatformBuild | None = None
    pages: dict[str, int] = field(default_factory=dict)  # site id -> pages written
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    ledger: list[LedgerRow] = field(default_factory=list)
    ledger_tables: list[LedgerTable] = field(default_factory=list)  # the kinds' parts of the ledger
    inspection: list[SiteInspection] = field(default_factory=list)  # sites judged against the inspection rubric
    today: date | None = None
    numbered: bool = False  # the 索引号 register (index_numbers.py) was written
    shard: ShardResult | None = None  # a shard's result (shards.py), also left beside the output


def _collector_paused(function):
    """Run `function` with Python's cyclic garbage collector paused.  A build allocates millions of
    objects that live until it ends, and the collector would walk all of them again and again: at
    10,000 documents that was a third of assemble's time and a quarter of indexing's.  Reference
    counting still frees everything acyclic; `gongkai serve` collects the rest after each rebuild."""
    @functools.wraps(function)
    def paused(*args, **options):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **options)
        finally:
            if enabled:
                gc.enable()
    return paused


@_collector_paused
def build(project: Path, out: Path | None = None, strict: bool = False, write: bool = True,
          today: date | None = None, ledger: bool = False, cache: BuildCache | None = None,
          record_numbers: bool = True, shard: Shard | None = None, progress: Progress | None = None) -> BuildResult:
    """`today` (default: SOURCE_DATE_EPOCH if set, else the system date) is the date time-dependent
    content is judged against (has an outage ended, is a column stale).  `ledger`: compute the
    compliance ledger and report its findings, the footer's and unregistered 索引号 (gongkai check); sites with `ledger: true` publish it.
    `cache`: results of the previous build to reuse where their inputs are unchanged (cache.py).
    `record_numbers`: a successful build that writes its output records new 索引号 in the project's
    register (serve's previews do not).  `shard`: build only this shard's sites, into its part of
    the shards folder beside `out`, and leave its result there for `gongkai publish` (shards.py).
    `progress`: told each stage as it begins and what it finishes (progress.py: the display
    `gongkai build` shows on a terminal)."""
    kept = cache is not None  # only a cache that outlives this build is worth digesting indexes for
    cache = cache or BuildCache()
    started = time.perf_counter()
    timings: dict[str, float] = {}
    clock = _Clock(timings)
    project = project.resolve()
    today = today or build_date()
    reporter = Reporter()
    progress = progress or Progress()

    progress.stage("读取")
    loaded_platform = load_platform(project, reporter)
    if loaded_platform is None:
        return BuildResult(reporter.diagnostics, EXIT_CONFIG, seconds=time.perf_counter() - started)
    use_calendar(loaded_platform.config.calendar)
    theme = load_theme(project, loaded_platform, reporter)
    catalogs = load_catalogs(project, reporter, cache.catalogs)
    if shard is None:
        documents = load_documents(project, reporter, cache.documents, cache.listing, cache.edited, progress=progress)
    contents = {kind.name: kind.load(project, loaded_platform, catalogs, reporter, cache.kinds.setdefault(kind.name, {}))
                for kind in KINDS if kind.load}
    unreadable = failed_ids(reporter, "catalogs/", {c.file for c in catalogs.values()})
    if shard:  # a shard reads its share of the documents; the whole platform's facts were found once
        facts, work = shard_work(project, out or project / "public", shard, loaded_platform, catalogs, contents,
                                 unreadable, today, progress)
        reporter.extend(facts.diagnostics)
        documents, unreadable = work.documents, set(facts.unreadable)
    else:
        unreadable |= failed_ids(reporter, "content/", {d.file for d in documents})
    clock.lap("load")
    progress.stage("解析")
    exports = start_exports({org_id: c.catalog for org_id, c in catalogs.items()}, cache.exports,
                            work.orgs if shard else None)  # needed from assemble on

    register = load_register(project, reporter, cache.register)
    focus = ShardFocus(project, work.focus, facts.targets) if shard else None
    resolved = resolve_documents(documents, catalogs, reporter, frozenset(unreadable),
                                 Register(entries=work.numbers) if shard else register, cache.resolved, focus)
    only = work.sites if shard else None
    public, known = ((set(facts.targets.public), facts.known) if shard
                     else (set(resolved.public), {d.id for d in documents} | unreadable))
    for kind in KINDS:
        if kind.check:
            kind.check(contents.get(kind.name), catalogs, public, known, reporter)
    clock.lap("resolve")
    rows, tables, inspection = [], [], []
    if shard and facts.ledger:  # the ledger counts the whole platform's documents
        rows, tables, inspection = facts.ledger
    elif ledger or any(site.ledger for site in loaded_platform.config.sites):
        rows, tables, inspection = compile_ledger(loaded_platform.config, catalogs, documents, resolved, contents,
                                                  today, reporter if ledger else None)
    if ledger:
        check_footer(loaded_platform, catalogs, reporter)
        check_registered(register, resolved.numbers, reporter)
    progress.stage("组装")
    platform = assemble(project, loaded_platform, catalogs, resolved, reporter, exports(), frozenset(unreadable), today,
                        rows, cache.assembled, contents, tables, only, facts.locations if shard else None)
    if shard:
        platform = replace(platform, published_documents=facts.published, withheld_documents=facts.withheld)
    clock.lap("assemble")
    result = BuildResult(reporter.diagnostics, EXIT_OK, platform, ledger=rows, ledger_tables=tables, today=today,
                         timings=timings, inspection=inspection)
    if theme is None:
        result.exit_code = EXIT_CONFIG
        result.seconds = time.perf_counter() - started
        return result
    target = (out or project / "public").resolve()
    sites = platform.sites
    if shard:
        clear_result(target, shard)
        sites, target = [site for site in sites if site.config.id in only], part_folder(target, shard.number)
    output, finished, elsewhere = None, False, {}
    try:
        shown: Shown = {}
        if write and not reporter.failed(strict):
            output, shown = _open_output(target, cache)
        pages, indexes, written, shown, linked = render_and_index(platform, sites, resolved, theme, reporter, timings,
                                                                  cache if kept else None, output, shown, progress)
        clock.lap("render+index")
        if output and not reporter.failed(strict):
            progress.stage("发布", len(sites), "个站点")
            cache.versions = _write_site_files(sites, indexes, theme, output, written, cache.versions, progress)
            others = {site.config.id for site in platform.sites} - {site.config.id for site in sites}
            elsewhere = _check_links(linked, written, others, theme, reporter)
        if output and not reporter.failed(strict):
            output.finish(written)
            finished, cache.published, result.pages = True, (target, written, shown), pages
            if shard is None:
                result.numbered = record_numbers and save_register(project, resolved.numbers, register)
            clock.lap("write")
    except OutputError as exc:
        reporter.report("E601", Position(file=str(out or "public")), path=out or "public", problem=exc)
    if reporter.failed(strict):
        if output and not finished:
            output.abandon()
        config_failed = any(d.file == "platform.yaml" for d in reporter.errors)
        result.exit_code = EXIT_CONFIG if config_failed else EXIT_CONTENT
    result.diagnostics = reporter.diagnostics
    result.seconds = time.perf_counter() - started
    if shard and write:  # the register is recorded by `gongkai publish` once every shard succeeded
        result.shard = ShardResult(
            run=shard.run, number=shard.number, count=shard.count, exit_code=result.exit_code,
            sites=[site.config.id for site in sites], pages=result.pages, published=platform.published_documents,
            diagnostics=result.diagnostics, links=[(t, page, template) for t, (page, template) in elsewhere.items()],
            seconds=result.seconds)
        save_result(out or project / "public", result.shard)
    return result


def _open_output(target: Path, cache: BuildCache) -> tuple[Output, Shown]:
    """A staging folder, or, when the cache knows what the folder holds (serve), the folder itself
    and the pages whose HTML it holds."""
    previous, cache.published = cache.published, None  # set again only when this build finishes
    if previous and previous[0] == target and target.is_dir():
        return Output(target, previous[1]), previous[2]
    return Output(target), {}


class _Clock:
    def __init__(self, timings: dict[str, float]):
        self.timings, self.last = timings, time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = now - self.last
        self.last = now


def render_and_index(platform: PlatformBuild, sites: list[SiteBuild], resolved: Resolved, theme: Theme,
                     reporter: Reporter, timings: dict[str, float], cache: BuildCache | None, output: Output | None,
                     shown: Shown, progress: Progress
                     ) -> tuple[dict[str, int], dict[str, SiteIndex], Written, Shown, Linked]:
    """Each of `sites`' pages rendered (and written to `output`, by the workers that render them) and
    its search index built, side by side on all cores: pages in chunks, the index in segments
    (search_index.segments), each segment once however many sites show it, then joined per site
    here while the workers go on rendering.  With a `cache` that outlives the build (serve), inputs
    are digested and unchanged segments and indexes reused, and a page that equals the one `shown`
    says its file holds, in the same context, is not rendered again.  Returns the page count per
    site, the index files per site, what was written, what the written pages show and the files the
    rendered pages link to; `timings` gets the CPU seconds; `progress` counts the pages rendered."""
    now_shown = _page_contexts(platform, theme) if cache is not None and output is not None else {}
    unchanged = {name: entry for name, entry in now_shown.items()
                 if shown.get(name) == entry and output.previous and name in output.previous}
    page_tasks = [(site, part) for site in sites for part in chunks(
        [page for page in site.pages if f"{site.config.id}/{page.path}" not in unchanged], PAGES_PER_TASK)]
    progress.stage("生成页面与索引", sum(len(part) for _, part in page_tasks), "页")
    inputs = {site.config.id: site_search_input(site, resolved.public, platform.config,
                                                 cache.search_documents.get(site.config.id) if cache else None)
              for site in sites}
    site_segments = {site_id: segments(search) for site_id, search in inputs.items()}
    segments_before = cache.segment_digests if cache else {}
    keys = _segment_keys(site_segments, cache)
    indexes_before = cache.indexes if cache else {}
    index_inputs = {site_id: (keys[site_id], search.documents, search.synonyms, search.best_bets, search.stop_words)
                    for site_id, search in inputs.items()}
    stale = [site_id for site_id in inputs if indexes_before.get(site_id, (None,))[0] != index_inputs[site_id]]
    parts = dict(cache.segments) if cache else {}
    todo = {key: segment for site_id in stale for key, segment in zip(keys[site_id], site_segments[site_id])
            if key not in parts}
    todo = dict(sorted(todo.items(), key=lambda item: -len(item[1])))  # the biggest first
    patching = _patch_segments(todo, parts, segments_before) if todo and segments_before else 0.0
    tasks = [partial(_timed, index_segment, segment) for segment in todo.values()]
    tasks += [partial(_timed, _render_part, site, part, platform, theme, output) for site, part in page_tasks]
    work = sum(len(part) for _, part in page_tasks) + sum(len(segment) for segment in todo.values())
    results = each_result(tasks, parallel=work > 2 * PAGES_PER_TASK)
    index_seconds = patching
    for key in todo:
        parts[key], seconds = next(results)
        index_seconds += seconds
    merging = time.process_time()  # the segments are done: join them here while the workers render
    uses = Counter(key for site_id in stale for key in keys[site_id])

    def read(key):  # without a cache to keep it, a segment is let go of once its last site read it
        uses[key] -= 1
        return parts.pop(key) if cache is None and not uses[key] else parts[key]
    indexes = {site_id: indexes_before[site_id][1] if site_id not in stale else
               assemble_index(site_segments[site_id], keys[site_id], map(read, keys[site_id]), inputs[site_id],
                              indexes_before.get(site_id, (None, None))[1], parts if cache else None)
               for site_id in inputs}
    index_seconds += time.process_time() - merging if stale else 0.0
    rendered = []
    for result in results:  # (count, written, diagnostics, linked), seconds
        rendered.append(result)
        progress.advance(result[0][0])
    if cache:
        cache.indexes = {site_id: (index_inputs[site_id], indexes[site_id]) for site_id in inputs}
        cache.segments = {key: parts[key] for site_id in inputs for key in keys[site_id]}
        cache.search_documents = {site_id: {d.id: (resolved.public[d.id], d) for d in search.documents
                                            if d.id in resolved.public}
                                  for site_id, search in inputs.items()}
    timings["index (cpu)"] = index_seconds
    timings["render (cpu)"] = sum(seconds for _, seconds in rendered)
    pages = {site.config.id: 0 for site in sites}
    for name in unchanged:
        pages[name.split("/", 1)[0]] += 1
    written: Written = {name: output.previous[name] for name in unchanged}
    template_errors: dict[tuple, Diagnostic] = {}  # each task reports a broken template: keep one
    linked: Linked = {}
    for (site, _), ((count, part_written, diagnostics, part_linked), _) in zip(page_tasks, rendered):
        pages[site.config.id] += count
        written |= part_written
        linked = part_linked | linked
        for diagnostic in diagnostics:
            template_errors.setdefault((diagnostic.code, diagnostic.file, diagnostic.line), diagnostic)
    reporter.extend(template_errors.values())
    return pages, indexes, written, now_shown, linked


def _page_contexts(platform: PlatformBuild, theme: Theme) -> Shown:
    """Each page (by output path) with a digest of everything else its HTML depends on
    (render.render_page): its site's settings and menu, the platform settings, where every document
    and file lies (body links), and the theme's templates."""
    links = digest([(s.config.id, s.url, s.doc_paths, s.file_paths) for s in platform.sites])
    templates = theme.template_stamps()
    return {f"{site.config.id}/{page.path}": (page, context) for site in platform.sites
            for context in [digest((site.config, site.url, site.nav, site.owner, platform.config, links, templates))]
            for page in site.pages}


def _patch_segments(todo: dict, parts: dict, segments_before: dict) -> float:
    """Make the postings of each segment in `todo` whose text changed in one document only by patching
    its previous postings (search_index.patch_segment) into `parts`, and take it out of `todo`;
    returns the CPU seconds spent."""
    started = time.process_time()
    for key, segment in list(todo.items()):
        earlier = segments_before.get(tuple(doc.id for doc in segment))  # (documents, key) last time
        patched = patch_segment(parts[earlier[1]], earlier[0], segment) if earlier and earlier[1] in parts else None
        if patched is not None:
            parts[key] = patched
            del todo[key]
    return time.process_time() - started


def _segment_keys(site_segments: dict[str, list[list[IndexDocument]]], cache: BuildCache | None) -> dict[str, list]:
    """A key per segment: its documents' ids, which name the same text within one build, or, for a
    cache that outlives the build, a digest of that text (computed once per distinct segment, and
    taken from the cache while the segment holds the same documents)."""
    digests: dict[tuple[str, ...], tuple[list[IndexDocument], str]] = {}
    keys = {}
    for site_id, site in site_segments.items():
        keys[site_id] = []
        for segment in site:
            ids = tuple(doc.id for doc in segment)
            if cache is not None and ids not in digests:
                before = cache.segment_digests.get(ids)
                same = before and all(a is b for a, b in zip(before[0], segment))
                digests[ids] = before if same else (segment, segment_key(segment))
            keys[site_id].append(digests[ids][1] if cache is not None else ids)
    if cache is not None:
        cache.segment_digests = digests
    return keys


def _render_part(site: SiteBuild, pages: list[Page], platform: PlatformBuild, theme: Theme,
                 output: Output | None) -> tuple[int, Written, list[Diagnostic]]:
    html, diagnostics, linked = render_pages(site, pages, platform, theme)
    written: Written = {}
    if output is not None and not diagnostics:
        for path, page in html.items():
            name = f"{site.config.id}/{path}"
            written[name] = output.write(name, page.encode("utf-8"))
    return len(html), written, diagnostics, linked


def _timed(function, *args):
    started = time.process_time()
    result = function(*args)
    return result, time.process_time() - started


def build_date() -> date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date() if epoch else date.today()


def _write_site_files(sites: list[SiteBuild], indexes: dict[str, SiteIndex], theme: Theme, output: Output,
                      written: Written, versions: dict, progress: Progress) -> dict:
    """Each site's files besides its pages: assets, search index, theme files, then its offline zip
    when the site offers one, and last its service worker, whose version hashes all the others.
    `versions`: each file's fingerprint as the last build knew it, by the content (the same object)
    or for a copied file its stamp, so that unchanged files are not read and hashed again; returns
    this build's."""
    known = {}
    pages: dict[str, dict] = {site.config.id: {} for site in sites}  # site -> its pages' versions
    for name, version in written.items():
        site_id, _, path = name.partition("/")
        pages[site_id][path] = version
    for site in sites:
        site_id = site.config.id
        files: dict[str, bytes | Path] = {a.path: a.content if a.content is not None else Path(a.source)
                                          for a in site.assets + indexes[site_id].assets}
        files |= theme.static_files
        own = pages[site_id]
        for path, data in files.items():
            name = f"{site_id}/{path}"
            token = data if isinstance(data, bytes) else _stamp(data)
            before = versions.get(name)
            same = before and (before[0] is token if isinstance(token, bytes) else before[0] == token)
            version = before[1] if same else None
            own[path] = written[name] = (output.write(name, data, version) if isinstance(data, bytes)
                                         else output.copy(name, data, version))
            known[name] = (token, own[path])
        if site.config.offline_bundle:
            archive = bundle_zip({path: output.location(f"{site_id}/{path}") for path in own}, site_id)[0]
            own[f"offline/{site_id}.zip"] = written[f"{site_id}/offline/{site_id}.zip"] = \
                output.write(f"{site_id}/offline/{site_id}.zip", archive)
        written[f"{site_id}/sw.js"] = output.write(f"{site_id}/sw.js", service_worker(site_id, own))
        progress.advance()
    return known


def _check_links(linked: Linked, written: Written, others: set[str], theme: Theme, reporter: Reporter) -> Linked:
    """No page links to a file the build did not make (a template linking to a page that is not
    built, a theme's missing static file): the build fails rather than publish a broken link.
    Returns the links into the `others` sites, which another shard makes, each with its
    template's shown path, for `gongkai publish` to check."""
    elsewhere = {}
    shown = {template: theme.shown_path(theme.template_file(template))  # once per template: a stat per folder
             for template in {template for _, template in linked.values()}}
    for target, (page, template) in sorted(linked.items()):
        if target.partition("/")[0] in others:
            elsewhere[target] = (page, shown[template])
        elif target not in written:
            reporter.report("E602", Position(file=shown[template]), page=page, target=target)
    return elsewhere


def compile_ledger(config: PlatformConfig, catalogs: dict, documents: list, resolved: Resolved, contents: dict,
                   today: date, reporter: Reporter | None) -> tuple[list[LedgerRow], list[LedgerTable], list[SiteInspection]]:
    """The 工作台账: a row per catalog column, and each kind's rows, tables and sites judged against the
    inspection rubric; findings reported only with a reporter (gongkai check)."""
    rows = compute_ledger(catalogs, documents, today, reporter, contents["records"])
    inputs = LedgerInputs(config, catalogs, documents, resolved.public, today, list(rows), contents)
    order = {org: n for n, org in enumerate(dict.fromkeys(row.org for row in rows))}
    tables, inspection = [], []
    for kind in KINDS:
        if kind.ledger:
            part = kind.ledger(contents.get(kind.name), inputs, reporter)
            rows += part.rows
            tables += part.tables
            inspection += part.inspection
    rows.sort(key=lambda row: order.get(row.org, len(order)))  # each organization's rows together
    return rows, tables, inspection


def _stamp(path: Path) -> tuple:
    info = path.stat()
    return (str(path), info.st_mtime_ns, info.st_size)


