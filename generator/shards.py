"""Building one platform in shards, on one machine or many.

`survey` reads every document's front matter once, places and plans the whole platform as a single
build does, and deals the sites to N shards by the documents they show (the heaviest first, each to
the lightest shard so far: deterministic).  It gives every shard the same `PlatformFacts` (what the
whole platform's placing found, link targets, each document's first site and page, counts, the
工作台账) and each its `ShardWork` (its sites, the documents whose bodies it renders, the documents
it reads); `write_manifest` keeps them beside the output for the run, and a shard without them
surveys the platform itself.  `gongkai build --shard K/N` then reads only its share (so each site's
pages are exactly what a single build makes of them, and the shard's memory grows with its share),
makes only its sites' document pages, and renders, indexes and writes only its sites, into its part
of a shared folder beside the output (`.<out>.shards/part-K/`), leaving its result there
(`shard-K-of-N.json`: diagnostics, pages, links into other shards' sites).

`gongkai publish --shards N` publishes only when all N results are there, from the same run (the
same inputs), and every one succeeded: the parts' sites are moved into one staging folder that
takes the output's place in one atomic swap (writer.publish_parts).  Anything missing or failed
leaves the published output as it was, and the shards' diagnostics are reported as one build's.

`gongkai build --shards N` writes the manifest, runs the N shards and publishes them: one after another on this machine,
or as tasks of a Dask cluster (`--cluster ADDRESS`, or `--cluster local` for a local one) whose
workers see the project and output folders (a shared folder).  Each task runs a shard as its own
`gongkai build --shard K/N` process, so a shard's memory is returned when it ends and a worker
process never forks the build's own workers from inside Dask's daemon processes.
"""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import BaseModel

from .diagnostics import Diagnostic, Position, Reporter
from .documents import LinkTargets
from .index_numbers import Registered
from .pages import Locations

PART_PREFIX = "part-"


@dataclass(frozen=True)
class Shard:
    number: int   # 1 … count
    count: int
    run: str      # names one build of the platform: every shard of it has the same


def parse_shard(text: str) -> tuple[int, int] | None:
    """'2/8' → (2, 8); None for anything else (0/8, 9/8, 2-8)."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match:
        return None
    number, count = int(match[1]), int(match[2])
    return (number, count) if 1 <= number <= count else None


@dataclass(frozen=True)
class PlatformFacts:
    """What every shard of a run knows of the whole platform without reading all of it: found once
    (`survey`) from every document's front matter.  It grows with the number of documents, not
    their text."""

    diagnostics: list[Diagnostic]  # what reading, placing and planning the whole platform found
    unreadable: frozenset[str]     # documents and catalogs whose files had errors
    targets: LinkTargets           # what a body may link to
    known: frozenset[str]          # every document's id, readable or not
    locations: Locations           # each document's first site and page (for links from other sites)
    published: int
    withheld: int
    ledger: tuple | None           # the 工作台账 (build.compile_ledger), when a site publishes it


@dataclass(frozen=True)
class ShardWork:
    """What one shard reads and builds."""

    sites: frozenset[str]      # the sites it builds
    orgs: frozenset[str]       # the organizations they show
    focus: frozenset[str]      # the documents whose bodies it renders: those its sites show
    documents: list            # [SourceDocument] without bodies: its sites' organizations' (public or
    #                            not: the ledger counts both), those shared in, those their pages name
    #                            (解读, 修改, 废止, 采纳情况) and those other kinds of content cite
    numbers: dict[str, Registered]  # their 索引号, as the whole platform's placing gave them


def survey(project: Path, platform, catalogs: dict, contents: dict, unreadable_catalogs: set[str], count: int,
           today: date, progress=None) -> tuple[PlatformFacts, list[ShardWork], dict[str, Registered]]:
    """Read every document's front matter, place the whole platform as a single build does (without
    bodies), and deal its sites to `count` shards by the documents they show (plan.py: their
    organizations' and those shared in) and list from elsewhere (Kind.lists: a `linked` library),
    plus one for the site's own pages.  Shard 1 also renders the
    bodies of documents no site shows, so that their links are checked as in a single build.  Also
    returns the 索引号 register as placing left it, for `publish` to record once every shard succeeded."""
    from .build import compile_ledger
    from .documents import link_targets, relations, resolve_documents
    from .index_numbers import load_register
    from .kinds import KINDS
    from .loading import failed_ids, load_documents
    from .plan import documents_by_org, first_locations, plan, shown_documents

    reporter = Reporter()
    documents = load_documents(project, reporter, bodies=False, progress=progress)
    unreadable = frozenset(failed_ids(reporter, "content/", {d.file for d in documents}) | unreadable_catalogs)
    # the register's problems are the shard's own build's to report; placing copies what it keeps of it
    resolved = resolve_documents(documents, catalogs, reporter, unreadable, load_register(project, Reporter()),
                                 focus=ShardFocus(project, frozenset(), None))
    public = resolved.public
    sections, _, shared = plan(platform, catalogs, public, reporter, unreadable)
    by_org = documents_by_org(public)
    shown = {site_id: set(shown_documents(site_sections, shared.get(site_id, {}), by_org, public))
             for site_id, site_sections in sections.items()}
    unshown = set(public).difference(*shown.values())
    cited = set().union(*(kind.cites(contents.get(kind.name), catalogs) for kind in KINDS if kind.cites))
    site_configs = {site.id: site for site in platform.config.sites}
    listed = {s: set().union(*(kind.lists(site_configs[s], public) for kind in KINDS if kind.lists)) for s in shown}
    work = {s: len(docs) + len(listed[s]) + 1 for s, docs in shown.items()}  # a listed document weighs as a shown one
    works = []
    for number, sites in enumerate(assign_sites(work, count), 1):
        focus = set().union(*(shown[s] for s in sites)) | (unshown if number == 1 else set())
        orgs = {section.org.id for s in sites for section in sections[s]}
        named = focus | cited | {i for d in focus for ids in relations(public[d]).values() for i in ids}
        named |= set().union(*(listed[s] for s in sites))
        mine = [d for d in documents if d.meta.org in orgs or d.id in named]
        works.append(ShardWork(frozenset(sites), frozenset(orgs), frozenset(focus), mine,
                               {d.id: resolved.numbers[d.id] for d in mine if d.id in resolved.numbers}))
    facts = PlatformFacts(
        diagnostics=reporter.diagnostics, unreadable=unreadable, targets=link_targets(documents, public, unreadable),
        known=frozenset(d.id for d in documents) | unreadable,
        locations=first_locations(platform.config, sections, shared, public),
        published=len(public), withheld=resolved.withheld,
        ledger=compile_ledger(platform.config, catalogs, documents, resolved, contents, today, None)
        if any(site.ledger for site in platform.config.sites) else None)
    return facts, works, resolved.numbers


@dataclass
class ShardFocus:
    """What one shard renders (documents.Focus): the documents its sites show, bodies read again,
    among its share of the platform; `whole`: the whole platform's link targets."""

    root: Path
    documents: frozenset[str]
    whole: LinkTargets | None

    def with_body(self, source):
        from .loading import with_body
        return with_body(source, self.root)


def assign_sites(work: dict[str, int], count: int) -> list[list[str]]:
    """The sites of each shard: the heaviest site first, each to the shard with the least work so
    far (the lower number on a tie); within a shard, in the order given."""
    loads = [0] * count
    chosen: dict[str, int] = {}
    for site_id in sorted(work, key=lambda s: (-work[s], s)):
        target = min(range(count), key=lambda n: (loads[n], n))
        chosen[site_id] = target
        loads[target] += work[site_id]
    return [[site_id for site_id in work if chosen[site_id] == n] for n in range(count)]


def shards_folder(out: Path) -> Path:
    out = out.resolve()
    return out.parent / f".{out.name}.shards"


def part_folder(out: Path, number: int) -> Path:
    return shards_folder(out) / f"{PART_PREFIX}{number}"


def result_path(out: Path, number: int, count: int) -> Path:
    return shards_folder(out) / f"shard-{number}-of-{count}.json"


def manifest_path(out: Path, run: str, number: int | str | None = None) -> Path:
    """The run's facts (`number` None), what shard `number` reads, or (`number` "register") the 索引号
    register `publish` records."""
    return shards_folder(out) / (f"manifest-{run}.pickle" if number is None else f"manifest-{run}-{number}.pickle")


def write_manifest(project: Path, out: Path, run: str, count: int, today: date) -> list[Path]:
    """Survey the platform once for all `count` shards of run `run`: the facts every shard shares, and
    for each shard the documents it reads (front matter and personal-data findings, no bodies).
    Pickled: they live in the build's own folder beside the output and are read only by shards of
    the same run, each shard reading the facts and its own file.  Returns the files written."""
    from .kinds import KINDS
    from .loading import failed_ids, load_catalogs, load_platform

    reporter = Reporter()
    platform = load_platform(project, reporter)
    if platform is None:
        return []  # each shard reports it
    catalogs = load_catalogs(project, reporter)
    contents = {kind.name: kind.load(project, platform, catalogs, Reporter(), {}) for kind in KINDS if kind.load}
    unreadable = failed_ids(reporter, "catalogs/", {c.file for c in catalogs.values()})
    facts, works, register = survey(project, platform, catalogs, contents, unreadable, count, today)
    written = [_dump(manifest_path(out, run), facts), _dump(manifest_path(out, run, "register"), register)]
    written += [_dump(manifest_path(out, run, number), work) for number, work in enumerate(works, 1)]
    return written


def _dump(path: Path, value: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(path.name + f".tmp-{os.getpid()}")
    staged.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    staged.replace(path)
    return path


def shard_work(project: Path, out: Path, shard: Shard, platform, catalogs: dict, contents: dict,
               unreadable_catalogs: set[str], today: date, progress=None) -> tuple[PlatformFacts, ShardWork]:
    """The platform's facts and this shard's work: from the run's manifest, or surveyed here (reading
    the whole platform's front matter; shard 1 then leaves the register for `publish`)."""
    try:
        facts = pickle.loads(manifest_path(out, shard.run).read_bytes())
        work = pickle.loads(manifest_path(out, shard.run, shard.number).read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError):
        if progress:  # worth knowing on a large platform: this shard holds every document's front matter
            progress.stage(f"没有本次（--run {shard.run}）的文档清单，通读全部文档")
        facts, works, register = survey(project, platform, catalogs, contents, unreadable_catalogs, shard.count,
                                        today, progress)
        if shard.number == 1:
            _dump(manifest_path(out, shard.run, "register"), register)
        return facts, works[shard.number - 1]
    return facts, work


class ShardResult(BaseModel):
    """What one shard leaves for `publish`: written last, so its presence means the part is complete."""

    run: str
    number: int
    count: int
    exit_code: int
    sites: list[str]
    pages: dict[str, int]                   # site id -> pages written
    published: int                          # public documents on the whole platform
    diagnostics: list[Diagnostic]
    links: list[tuple[str, str, str]] = []  # (target in another shard's site, linking page, its template)
    seconds: float = 0.0


def clear_result(out: Path, shard: Shard) -> None:
    """Before a shard builds: its result of an earlier run goes (its part is replaced when it finishes)."""
    result_path(out, shard.number, shard.count).unlink(missing_ok=True)


def save_result(out: Path, result: ShardResult) -> None:
    path = result_path(out, result.number, result.count)
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(path.name + f".tmp-{os.getpid()}")
    staged.write_text(result.model_dump_json(), encoding="utf-8")
    staged.replace(path)


@dataclass
class Published:
    exit_code: int
    diagnostics: list[Diagnostic]
    pages: dict[str, int] = field(default_factory=dict)
    published: int = 0
    register: dict | None = None


def collect(out: Path, count: int, run: str | None) -> tuple[list[ShardResult], Reporter]:
    """The N shards' results, and what keeps them from being published: a shard without a result
    (never run, killed, still running: E603), from another run (E604), or with errors of its own
    (reported as the shard reported them, each once however many shards found it)."""
    reporter, results = Reporter(), []
    for number in range(1, count + 1):
        path = result_path(out, number, count)
        try:
            result = ShardResult.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            reporter.report("E603", Position(file=str(path.relative_to(shards_folder(out).parent))),
                            shard=f"{number}/{count}")
            continue
        if run is None:
            run = result.run
        if result.run != run:
            reporter.report("E604", Position(file=str(path.relative_to(shards_folder(out).parent))),
                            shard=f"{number}/{count}")
            continue
        reporter.extend(result.diagnostics)  # the Reporter keeps one of each
        results.append(result)
    return results, reporter


def check_cross_links(out: Path, results: list[ShardResult], reporter: Reporter) -> None:
    """Links from one shard's pages into another's sites point at files that shard wrote (E602)."""
    for result in results:
        for target, page, template in result.links:
            site_id, _, path = target.partition("/")
            owner = next((r for r in results if site_id in r.sites), None)
            if owner is None or not (part_folder(out, owner.number) / site_id / path).is_file():
                reporter.report("E602", Position(file=template), page=page, target=target)


def publish(project: Path, out: Path, count: int, run: str | None) -> Published:
    """Publish the shards' parts as the output, if all `count` shards of run `run` (default: shard
    1's) succeeded and no page links to a file missing from another shard's sites; then record the
    索引号 register the survey left (when it changed).  Otherwise nothing changes."""
    from .build import EXIT_CONTENT, EXIT_OK
    from .index_numbers import load_register, save_register
    from .writer import OutputError, publish_parts

    results, reporter = collect(out, count, run)
    if not reporter.failed(False) and all(r.exit_code == EXIT_OK for r in results):
        check_cross_links(out, results, reporter)
    failed = [r.exit_code for r in results if r.exit_code != EXIT_OK]
    if reporter.failed(False) or failed:
        return Published(max(failed, default=EXIT_CONTENT), reporter.diagnostics)
    try:
        publish_parts([part_folder(out, r.number) for r in results], out)
    except OutputError as exc:
        reporter.report("E601", Position(file=str(out)), path=out, problem=exc)
        return Published(EXIT_CONTENT, reporter.diagnostics)
    first = results[0]
    try:
        register = pickle.loads(manifest_path(out, first.run, "register").read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError):
        register = None  # a run without it leaves the project's register as it is
    if register is not None:
        save_register(project, register, load_register(project, Reporter()))
    for result in results:  # the parts are empty now
        result_path(out, result.number, count).unlink(missing_ok=True)
        part_folder(out, result.number).rmdir()
    for path in shards_folder(out).glob(f"manifest-{first.run}*.pickle"):
        path.unlink()
    pages = {site: n for r in results for site, n in r.pages.items()}
    return Published(EXIT_OK, reporter.diagnostics, pages, first.published)


def run_shards(project: Path, out: Path, count: int, run: str, options: list[str], cluster: str | None = None,
               workers: int | None = None, echo=print, environment: dict[str, str] | None = None) -> list[int | None]:
    """Run shards 1…count as `gongkai build --shard K/count` processes: one after another here, or as
    the tasks of a Dask cluster (`cluster`: a scheduler's address, or 'local' for a LocalCluster of
    `workers` processes).  `environment`: set for every shard (the build date).  Returns each
    shard's exit code (None: the task itself failed)."""
    commands = [[sys.executable, "-m", "generator.cli", "build", str(project.resolve()), "--out", str(out.resolve()),
                 "--shard", f"{number}/{count}", "--run", run, *options] for number in range(1, count + 1)]
    environment = environment or {}
    if cluster is None:
        codes: list[int | None] = []
        for number, command in enumerate(commands, 1):
            echo(f"分片 {number}/{count} 开始构建…")
            code, errors = _run_command(command, environment)
            codes.append(code)
            _tell_crash(number, count, code, errors, echo, result_path(out, number, count))
        return codes
    return _run_on_dask(commands, environment, cluster, workers, echo, out)


def _run_command(command: list[str], environment: dict[str, str]) -> tuple[int, str]:
    """One shard as its own process.  Its output is kept (publish reports the shards' diagnostics
    once each) and passed on only when the shard ended without leaving a result (it crashed)."""
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ | environment)
    return done.returncode, done.stderr[-4000:]


def _tell_crash(number: int, count: int, code: int, errors: str, echo, result: Path) -> None:
    """A shard that ended without leaving its result (killed, or stopped by an error gongkai did not
    expect) crashed: show the end of its output."""
    if not result.is_file():
        echo(f"分片 {number}/{count} 异常退出（退出码 {code}）：\n{errors}")


def _run_on_dask(commands: list[list[str]], environment: dict[str, str], cluster: str, workers: int | None,
                 echo, out: Path) -> list[int | None]:
    """Dask distributed runs the shards: chosen over Ray because it is plain pip-installable Python,
    its scheduler and workers start from the command line (`dask scheduler`, `dask worker ADDRESS`)
    or in Kubernetes (dask-kubernetes, the Dask Helm chart), and a LocalCluster runs the same code in
    tests.  Tasks are impure (always run) and not retried elsewhere: a shard that fails stays failed,
    and publish refuses the run."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise SystemExit("gongkai: --cluster 需要 Dask：pip install 'gongkai[cluster]'（或 pip install 'dask[distributed]'）")
    local = None
    if cluster == "local":
        local = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(local)
    else:
        client = Client(cluster)
    try:
        futures = {client.submit(_run_command, command, environment, key=f"gongkai-shard-{number}-{os.getpid()}",
                                 pure=False, retries=0): number
                   for number, command in enumerate(commands, 1)}
        codes: list[int | None] = [None] * len(commands)
        for future in as_completed(futures):
            number = futures[future]
            try:
                codes[number - 1], errors = future.result()
                echo(f"分片 {number}/{len(commands)} 结束（退出码 {codes[number - 1]}）")
                _tell_crash(number, len(commands), codes[number - 1], errors, echo,
                            result_path(out, number, len(commands)))
            except Exception as exc:  # the worker died or the task could not run
                echo(f"分片 {number}/{len(commands)} 没有完成：{exc}")
        return codes
    finally:
        client.close()
        if local is not None:
            local.close()
