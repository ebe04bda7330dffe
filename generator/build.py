"""The pipeline, in order.  Read this file first: it is the only place that knows the stages' order.

    load (platform, catalogs, documents) → resolve (public documents and their relations)
      → [ledger (compliance per column)] → assemble (pages per site)
      → render (HTML) and index (search), side by side on all cores → publish (disk)

Every stage reports problems into one Reporter and goes on, so a run lists all problems at once;
nothing is written when any error was found, and the previous output stays as it was.
"""

from __future__ import annotations

import os
import time
from datetime import date, datetime, timezone
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .assemble import assemble, site_search_input
from .cache import BuildCache, digest
from .diagnostics import Diagnostic, Position, Reporter
from .documents import Resolved, resolve_documents
from .ledger import LedgerRow, compute_ledger
from .loading import load_catalogs, load_documents, load_platform
from .offline import bundle_zip, service_worker
from .pages import Asset, PlatformBuild, SiteBuild
from .render import Theme, render_pages
from .search_index import build_index
from .workers import chunks, run_all
from .writer import OutputError, OutputFile, publish, update

EXIT_OK, EXIT_CONTENT, EXIT_CONFIG = 0, 1, 2
PAGES_PER_TASK = 400  # pages rendered by one worker task


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic]
    exit_code: int
    platform: PlatformBuild | None = None
    pages: dict[str, int] = field(default_factory=dict)  # site id -> pages written
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    ledger: list[LedgerRow] = field(default_factory=list)
    today: date | None = None


def build(project: Path, out: Path | None = None, strict: bool = False, write: bool = True,
          today: date | None = None, ledger: bool = False, cache: BuildCache | None = None) -> BuildResult:
    """`today` (default: SOURCE_DATE_EPOCH if set, else the system date) is the date time-dependent
    content is judged against (has an outage ended, is a column stale).  `ledger`: compute the
    compliance ledger and report its findings (gongkai check); sites with `ledger: true` publish it.
    `cache`: results of the previous build to reuse where their inputs are unchanged (cache.py)."""
    cache = cache or BuildCache()
    started = time.perf_counter()
    timings: dict[str, float] = {}
    clock = _Clock(timings)
    project = project.resolve()
    today = today or build_date()
    reporter = Reporter()

    loaded_platform = load_platform(project, reporter)
    if loaded_platform is None:
        return BuildResult(reporter.diagnostics, EXIT_CONFIG, seconds=time.perf_counter() - started)
    catalogs = load_catalogs(project, reporter)
    documents = load_documents(project, reporter, cache.documents)
    unreadable = _unreadable(reporter, "content/", {d.file for d in documents})
    unreadable |= _unreadable(reporter, "catalogs/", {c.file for c in catalogs.values()})
    clock.lap("load")

    resolved = resolve_documents(documents, catalogs, reporter, frozenset(unreadable), cache.bodies)
    clock.lap("resolve")
    rows = []
    if ledger or any(site.ledger for site in loaded_platform.config.sites):
        rows = compute_ledger(catalogs, documents, today, reporter if ledger else None)
    platform = assemble(project, loaded_platform, catalogs, resolved, reporter, frozenset(unreadable), today, rows)
    clock.lap("assemble")
    theme = Theme(project, platform.config.theme)
    rendered, indexes = render_and_index(platform, resolved, theme, reporter, timings, cache.indexes)
    clock.lap("render+index")

    result = BuildResult(reporter.diagnostics, EXIT_OK, platform, ledger=rows, today=today, timings=timings)
    if reporter.failed(strict):
        config_failed = any(d.file == "platform.yaml" for d in reporter.errors)
        result.exit_code = EXIT_CONFIG if config_failed else EXIT_CONTENT
    elif write:
        files = _output_files(platform, rendered, indexes, theme)
        target = (out or project / "public").resolve()
        previous, cache.published = cache.published, None
        try:
            if previous and previous[0] == target and target.is_dir():
                cache.published = (target, update(target, files, previous[1]))
            else:
                cache.published = (target, publish(target, files))
        except OutputError as exc:
            reporter.report("E601", Position(file=str(out or "public")), path=out or "public", problem=exc)
            result.diagnostics, result.exit_code = reporter.diagnostics, EXIT_CONTENT
        else:
            result.pages = {site_id: len(pages) for site_id, pages in rendered.items()}
        clock.lap("write")
    result.seconds = time.perf_counter() - started
    return result


class _Clock:
    def __init__(self, timings: dict[str, float]):
        self.timings, self.last = timings, time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = now - self.last
        self.last = now


def render_and_index(platform: PlatformBuild, resolved: Resolved, theme: Theme, reporter: Reporter,
                     timings: dict[str, float], cached: dict[str, tuple[str, list[Asset]]]
                     ) -> tuple[dict[str, dict[str, str]], dict[str, list[Asset]]]:
    """Every site's pages as HTML and its search index, side by side on all cores: pages in
    chunks, one index per site (the biggest first) unless `cached` holds one built from the same
    input.  `timings` gets the CPU seconds of each kind."""
    page_tasks = [(site, part) for site in platform.sites for part in chunks(site.pages, PAGES_PER_TASK)]
    inputs = {site.config.id: site_search_input(site, resolved.public, platform.config) for site in platform.sites}
    keys = {site_id: digest(search) for site_id, search in inputs.items()}
    index_sites = sorted((s for s in platform.sites if cached.get(s.config.id, ("",))[0] != keys[s.config.id]),
                         key=lambda s: -len(s.doc_paths))
    tasks = [partial(_timed, build_index, inputs[site.config.id]) for site in index_sites]
    tasks += [partial(_timed, render_pages, site, part, platform, theme) for site, part in page_tasks]
    outcomes = run_all(tasks, parallel=sum(len(s.pages) for s in platform.sites) > 2 * PAGES_PER_TASK)
    for site, (assets, _) in zip(index_sites, outcomes):
        cached[site.config.id] = (keys[site.config.id], assets)
    for stale in set(cached) - set(keys):
        del cached[stale]
    indexes = {site_id: assets for site_id, (_, assets) in cached.items()}
    timings["index (cpu)"] = sum(seconds for _, seconds in outcomes[:len(index_sites)])
    timings["render (cpu)"] = sum(seconds for _, seconds in outcomes[len(index_sites):])
    rendered: dict[str, dict[str, str]] = {site.config.id: {} for site in platform.sites}
    template_errors: dict[tuple, Diagnostic] = {}  # each task reports a broken template: keep one
    for (site, _), ((html, diagnostics), _) in zip(page_tasks, outcomes[len(index_sites):]):
        rendered[site.config.id].update(html)
        for diagnostic in diagnostics:
            template_errors.setdefault((diagnostic.code, diagnostic.file, diagnostic.line), diagnostic)
    reporter.extend(template_errors.values())
    return rendered, indexes


def _timed(function, *args):
    started = time.process_time()
    result = function(*args)
    return result, time.process_time() - started


def build_date() -> date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date() if epoch else date.today()


def site_files(site: SiteBuild, html: dict[str, str], index: list[Asset], theme: Theme) -> dict[str, bytes | Path]:
    """Every file of one site (site path -> bytes or source file), including its search index, its
    service worker and, when the site offers it, its offline zip."""
    files: dict[str, bytes | Path] = {path: page.encode("utf-8") for path, page in html.items()}
    files |= {a.path: a.content if a.content is not None else Path(a.source) for a in site.assets + index}
    files |= theme.static_files
    if site.config.offline_bundle:
        files[f"offline/{site.config.id}.zip"] = bundle_zip(files, site.config.id)[0]
    files["sw.js"] = service_worker(site.config.id, files)
    return files


def _output_files(platform: PlatformBuild, rendered: dict[str, dict[str, str]], indexes: dict[str, list[Asset]],
                  theme: Theme) -> list[OutputFile]:
    files: list[OutputFile] = []
    for site in platform.sites:
        for path, data in site_files(site, rendered[site.config.id], indexes[site.config.id], theme).items():
            target = f"{site.config.id}/{path}"
            files.append(OutputFile(target, content=data) if isinstance(data, bytes) else OutputFile(target, source=data))
    return files


def _unreadable(reporter: Reporter, folder: str, loaded: set[str]) -> set[str]:
    """Ids of catalogs or documents whose file had errors (already reported), so that references
    to them are not reported again as unknown: 'catalogs/mzj.yaml' → 'mzj', 'content/a/b/index.md' → 'a/b'."""
    failed = {d.file for d in reporter.errors if d.file and d.file.startswith(folder) and d.file not in loaded}
    return {f.removeprefix(folder).rsplit(".", 1)[0].removesuffix("/index") for f in failed}
