"""Render stage: each `Page` through its jinja2 template into HTML.

The theme is a chain: a project's `themes/<name>/templates/` overrides the built-in
`generator/themes/<name>/templates/` file by file; `{% extends "default:base.html" %}` reaches the
built-in version of a template a project overrides.  Autoescape is on and undefined names are
errors.  Every link a template makes goes through `url()`, which returns a path relative to the
page being rendered, so a site works under any sub-path and from file://.
"""

from __future__ import annotations

import functools
import traceback
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from .diagnostics import Diagnostic, Position, Reporter
from .ledger import summarize
from .markdown import fill_placeholders
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
    def __init__(self, project: Path, name: str):
        builtin = BUILTIN_THEMES / name
        override = project / "themes" / name
        self.template_dirs = [d / "templates" for d in (override, builtin) if (d / "templates").is_dir()]
        self.static_dirs = [d / "static" for d in (override, builtin) if (d / "static").is_dir()]
        self.project = project
        loader = jinja2.ChoiceLoader([
            jinja2.FileSystemLoader([str(d) for d in self.template_dirs]),
            jinja2.PrefixLoader({name: jinja2.FileSystemLoader(str(builtin / "templates"))}, delimiter=":"),
        ])
        self.env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                                      bytecode_cache=COMPILED)
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

    def shown_path(self, filename: str | None) -> str:
        if not filename:
            return "（模板）"
        path = Path(filename)
        try:
            return path.relative_to(self.project).as_posix()
        except ValueError:
            return "generator/" + path.relative_to(BUILTIN_THEMES.parent).as_posix()


def render_pages(site: SiteBuild, pages: list[Page], platform: PlatformBuild,
                 theme: Theme) -> tuple[dict[str, str], list[Diagnostic]]:
    """Pages of one site as HTML, keyed by path, and the template errors met (once per template)."""
    html: dict[str, str] = {}
    reporter = Reporter()
    failed: set[str] = set()
    for page in pages:
        if page.template in failed:
            continue
        try:
            html[page.path] = render_page(page, site, platform, theme)
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
    return html, reporter.diagnostics


def render_page(page: Page, site: SiteBuild, platform: PlatformBuild, theme: Theme) -> str:
    def url(target: str) -> str:
        return relative_url(target, page.path)

    def link_for(kind: str, value: str) -> str:
        paths = site.doc_paths if kind == "doc" else site.file_paths
        target = paths.get(value) or _elsewhere(kind, value, platform)
        return url(target) if target else "#"

    body = Markup(fill_placeholders(page.doc.body_html, link_for)) if page.doc else Markup("")
    template = theme.env.get_template(page.template)
    domain = urlsplit(site.url).hostname or "" if site.url else ""
    return template.render(page=page, site=site, platform=platform.config, url=url, body=body,
                           nav=site.nav, identity=site.config.identity, domain=domain)


def _elsewhere(kind: str, value: str, platform: PlatformBuild) -> str | None:
    """A document or attachment that is not on this site: its absolute URL on the site that carries
    it, or (without base_url) a path into the sibling site folder."""
    for other in platform.sites:
        paths = other.doc_paths if kind == "doc" else other.file_paths
        if value in paths:
            return other.url + paths[value] if other.url else f"../{other.config.id}/{paths[value]}"
    return None


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt")):
            return frame.filename, frame.lineno
    return None, None
