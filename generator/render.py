"""Render stage: each `Page` through its jinja2 template into HTML.

The theme is a chain of folders, the first holding a file wins: a project's `themes/<name>/`, then
the theme its `theme.yaml` extends (default: `default`), and so on down to a built-in theme in
`generator/themes/`; a project folder named after a built-in theme overrides that theme file by
file.  `{% extends "default:base.html" %}` reaches the built-in version of a template a project
overrides (`<name>:` reaches theme <name> and what it builds on).  Autoescape is on and undefined
names are errors.  Every link a template makes goes through `url()`, which returns a path relative
to the page being rendered, so a site works under any sub-path and from file://.
"""

from __future__ import annotations

import functools
import posixpath
import traceback
from datetime import date
from pathlib import Path
from types import FunctionType
from typing import Callable
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from .diagnostics import Diagnostic, Position, Reporter
from .kinds import folders
from .ledger import summarize
from .loading import LoadedPlatform, load_theme_config
from .markdown import fill_placeholders
from .models import SiteConfig
from .pages import Page, PlatformBuild, SiteBuild

BUILTIN_THEMES = Path(__file__).parent / "themes"


def relative_url(target: str, current: str) -> str:
    """Link from the page at `current` to the site path `target` (both site-relative file paths)."""
    if "://" in target or target.startswith(("mailto:", "tel:", "#")):
        return target
    path, _, fragment = target.partition("#")
    # posixpath.relpath, without its abspath calls (a page has hundreds of links)
    here = current.split("/")[:-1]
    there = path.split("/")
    if "" in here:
        here = [part for part in here if part]
    if "" in there:
        there = [part for part in there if part]
    common = 0
    for mine, theirs in zip(here, there):
        if mine != theirs:
            break
        common += 1
    link = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return link + (f"#{fragment}" if fragment else "")


def date_cn(value: date | None) -> str:
    return f"{value.year}年{value.month:02d}月{value.day:02d}日" if value else ""


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled in this process, by name and file; jinja2 uses one only if its source's
    checksum is the same.  Saves `serve` compiling its templates again at every rebuild."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED = _CompiledTemplates()


class Theme:
    def __init__(self, project: Path, layers: list[tuple[str, Path]]):
        """`layers`: (theme name, folder), the first holding a file wins; the last is a built-in theme."""
        # the kinds of content keep their templates beside their code; a theme overrides them by name
        self.template_dirs = [d / "templates" for _, d in layers if (d / "templates").is_dir()] + folders("templates")
        self.static_dirs = [d / "static" for _, d in layers if (d / "static").is_dir()] + folders("static")
        self.project = project
        # "<name>:" reaches the lowest folder of that name (the built-in one below a project override) and its bases
        prefixes = {name: jinja2.FileSystemLoader([str(d / "templates") for _, d in layers[index:]])
                    for index, (name, _) in enumerate(layers)}
        loader = jinja2.ChoiceLoader([
            jinja2.FileSystemLoader([str(d) for d in self.template_dirs]),
            jinja2.PrefixLoader(prefixes, delimiter=":"),
        ])
        self.env = _Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                                      bytecode_cache=COMPILED, auto_reload=False)
        self.env.filters["date_cn"] = date_cn
        self.env.filters["ledger_summary"] = summarize

    @functools.cached_property
    def static_files(self) -> dict[str, Path]:
        """Site-relative path ('static/…') -> file; a project's file wins over the built-in one."""
        files: dict[str, Path] = {}
        for folder in reversed(self.static_dirs):
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    files["static/" + path.relative_to(folder).as_posix()] = path
        return dict(sorted(files.items()))

    def template_stamps(self) -> list[tuple[str, int, int]]:
        """Every template file's path, size and modification time (what a rendered page depends on)."""
        return [(str(path), stat.st_size, stat.st_mtime_ns) for folder in self.template_dirs
                for path in sorted(folder.rglob("*")) for stat in [path.stat()] if path.is_file()]

    def template_file(self, name: str) -> str | None:
        """The file a template name resolves to (a project's override first)."""
        return next((str(folder / name) for folder in self.template_dirs if (folder / name).is_file()), None)

    def shown_path(self, filename: str | None) -> str:
        if not filename:
            return "（模板）"
        path = Path(filename)
        try:
            return path.relative_to(self.project).as_posix()
        except ValueError:
            return "generator/" + path.relative_to(BUILTIN_THEMES.parent).as_posix()


Linked = dict  # an output file a page links to ('site/path') -> (the first page linking to it, its template)


def load_theme(project: Path, platform: LoadedPlatform, reporter: Reporter) -> Theme | None:
    """The theme `platform.yaml` names, with the themes it builds on; None (reported) if one is unknown.
    Checks that each site's 党政机关网站标识 image is one of the theme's static files."""
    name, where = platform.config.theme, platform.at("theme")
    layers: list[tuple[str, Path]] = []
    while True:
        own = project / "themes" / name
        if own.is_dir() and all(folder != own for _, folder in layers):
            layers.append((name, own))
            found = load_theme_config(own, project, reporter)
            if found is None:
                return None
            config, at = found
            if config.extends != name:
                name, where = config.extends, at
                continue
        if (BUILTIN_THEMES / name).is_dir():
            layers.append((name, BUILTIN_THEMES / name))
            break
        if any(seen == name for seen, _ in layers):
            reporter.report("E109", where, chain=" → ".join([n for n, _ in layers] + [name]))
        else:
            available = sorted({p.name for p in BUILTIN_THEMES.iterdir() if p.is_dir()}
                               | {p.name for p in (project / "themes").glob("*") if p.is_dir()})
            reporter.report("E108", where, name=name, available="、".join(available))
        return None
    theme = Theme(project, layers)
    for index, site in enumerate(platform.config.sites):
        badge = site.identity.badge
        if badge and f"static/{badge.image}" not in theme.static_files:
            reporter.report("E110", platform.at("sites", index, "identity", "badge", "image"), image=badge.image,
                            folder=f"themes/{layers[0][0]}/static/")
    return theme


def render_pages(site: SiteBuild, pages: list[Page], platform: PlatformBuild,
                 theme: Theme) -> tuple[dict[str, str], list[Diagnostic], Linked]:
    """Pages of one site as HTML, keyed by path, the template errors met (once per template), and
    every file of the platform the pages link to (which the build checks it made)."""
    html: dict[str, str] = {}
    reporter = Reporter()
    failed: set[str] = set()
    links = SiteLinks(site)
    for page in pages:
        if page.template in failed:
            continue
        try:
            html[page.path] = render_page(page, site, platform, theme, links)
        except jinja2.TemplateSyntaxError as exc:
            failed.add(page.template)
            reporter.report("E501", Position(file=theme.shown_path(exc.filename), line=exc.lineno),
                            problem=exc.message or str(exc))
        except jinja2.TemplateNotFound as exc:
            failed.add(page.template)
            searched = "、".join(theme.shown_path(str(d)) for d in theme.template_dirs)
            reporter.report("E503", Position(file="platform.yaml"), name=exc.name, searched=searched)
        except Exception as exc:  # a template's runtime error: point at the template line
            failed.add(page.template)
            file, line = _template_frame(exc)
            reporter.report("E502", Position(file=theme.shown_path(file), line=line),
                            problem=f"{type(exc).__name__}: {exc}（渲染 {site.config.id}/{page.path} 时）")
    return html, reporter.diagnostics, links.linked


class SiteLinks:
    """What the pages of one site link to: each target's link from a page folder made once, and
    each file of the platform a page links to, with the first page linking to it (`linked`)."""

    def __init__(self, site: SiteBuild):
        self.site_id = site.config.id
        self.linked: Linked = {}
        self.folders: dict[str, dict[str, str]] = {}  # page folder -> target -> its link from there
        self.shallow: dict[str, dict[str, str]] = {}  # parent of a page folder -> the same, for shallow targets
        self.domain = urlsplit(site.url).hostname or "" if site.url else ""
        self.sites: dict[str, SiteConfig] | None = None  # the platform's sites by id, made when first needed

    def elsewhere(self, kind: str, value: str, platform: PlatformBuild) -> str | None:
        """A document or attachment that is not on this site: its absolute URL on the first site that
        carries it, or (without base_url) a path into the sibling site folder."""
        found = (platform.locations.documents if kind == "doc" else platform.locations.files).get(value)
        if found is None:
            return None
        if self.sites is None:
            self.sites = {site.id: site for site in platform.config.sites}
        site_id, path = found
        return platform.config.link_from_sibling(self.sites[site_id], path)

    def url(self, page: Page) -> Callable[[str], str]:
        """url() for `page`.  A link to a target of k folders and file from a page k or more folders
        deep depends only on the page folder's parent (relative_url): documents, one folder each,
        share their column's links to the site's menu, header and footer."""
        path = page.path
        here = [part for part in path.split("/")[:-1] if part]  # as relative_url sees it
        depth = len(here)
        known = self.folders.setdefault("/".join(here), {})
        shared = self.shallow.setdefault("/".join(here[:-1]), {}) if depth > 1 else {}
        origin = (f"{self.site_id}/{path}", page.template)

        def url(target: str) -> str:
            link = known.get(target) or shared.get(target)
            if link is None:  # the first time from here; a target met before keeps its first page
                link = known[target] = relative_url(target, path)
                if not target or "://" in target or target.startswith(("mailto:", "tel:", "#")):
                    return link
                name = f"{self.site_id}/{target.partition('#')[0]}"
                self.linked.setdefault(posixpath.normpath(name) if ".." in name else name, origin)
                if depth > 1 and len([part for part in target.partition("#")[0].split("/") if part]) < depth:
                    shared[target] = link
            return link
        return url


class _Context(jinja2.runtime.Context):
    """jinja2's context, calling a plain function (a page's url(), ~26 times a page) directly: the
    general `Context.call` first looks on every callable for what to pass it (pass_context and the
    like), a tenth of rendering a page."""

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 (jinja2's own signature)
        if __obj.__class__ is FunctionType and not hasattr(__obj, "jinja_pass_arg"):
            if kwargs:  # what jinja2 passes for pass_context callables only
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            return __obj(*args, **kwargs)
        return super().call(__obj, *args, **kwargs)


class _Environment(jinja2.Environment):
    context_class = _Context


def render_page(page: Page, site: SiteBuild, platform: PlatformBuild, theme: Theme,
                links: SiteLinks | None = None) -> str:
    """`links`: the site's link bookkeeping, shared by the pages rendered together."""
    links = links or SiteLinks(site)
    url = links.url(page)

    def link_for(kind: str, value: str) -> str:
        paths = site.doc_paths if kind == "doc" else site.file_paths
        target = paths.get(value) or links.elsewhere(kind, value, platform)
        return url(target) if target else "#"

    body = Markup(fill_placeholders(page.doc.body_html, link_for)) if page.doc else Markup("")
    template = theme.env.get_template(page.template)
    return template.render(page=page, site=site, platform=platform.config, url=url, body=body,
                           nav=site.nav, identity=site.config.identity, domain=links.domain)


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt")):
            return frame.filename, frame.lineno
    return None, None
