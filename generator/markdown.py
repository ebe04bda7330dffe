"""Markdown → safe HTML, with the document's links resolved to other documents and attachments.

markdown-it-py (CommonMark + tables) renders the body; raw HTML is allowed in the source but the
result passes through nh3 (the Rust 'ammonia' sanitizer) with an allow-list, so no script, event
handler or javascript: URL survives.  Links are rewritten to placeholders (`gk:doc/<id>#frag`,
`gk:file/<id>/<name>`) that the renderer turns into relative URLs for each site the page appears on.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote, urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .timelimit import cn_number

PLACEHOLDER = re.compile(r'gk:(doc|file)/([^"#\s]+?)(?:#([^"\s]*))?(?=")')

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "div", "dl",
    "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}
_ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}


@dataclass(frozen=True)
class LinkProblem:
    target: str
    line: int
    kind: str  # "missing" | "private"
    detail: str = ""


@dataclass(frozen=True)
class Section:
    """A searchable part of a document: the text under a heading, or one article (第X条), with its anchor.
    A heading with no text of its own (第一章 followed by its articles) is no section: it is the context
    of the sections under it."""

    anchor: str  # "" for the text before the first heading or article
    heading: str
    text: str
    context: str = ""  # the headings it sits under (第一章 总则 第一节 …), indexed with it for search


@dataclass(frozen=True)
class RenderedBody:
    html: str
    problems: list[LinkProblem]
    headings: list[tuple[str, str]]  # (id, text) of h2/h3, for a table of contents
    sections: list[Section]


ARTICLE = re.compile(r"^\**\s*第([零一二三四五六七八九十百千]+)条")


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table")
    return md


# resolve(href) -> ("doc", id, fragment) | ("file", "<id>/<name>", "") | ("external", href, "") | None
Resolver = Callable[[str], tuple[str, str, str] | None]


def plain_text(inline) -> str:
    """An inline token's text as a reader sees it: no emphasis markers, link targets or escapes
    (a masked 张\\*明 is 张*明 here)."""
    return "".join("\n" if child.type in ("softbreak", "hardbreak") else child.content
                   for child in inline.children or [] if child.type in ("text", "code_inline", "image", "softbreak",
                                                                         "hardbreak"))


def render_body(body: str, body_line: int, resolve: Resolver) -> RenderedBody:
    md = _parser()
    tokens = md.parse(body)
    problems: list[LinkProblem] = []
    headings: list[tuple[str, str]] = []
    sections: list[tuple[str, str, list[str], str]] = [("", "", [], "")]
    outline = {"h2": "", "h3": ""}  # the headings the current text sits under
    titles: set[int] = set()  # tokens holding a section's heading, not its text
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            anchor = f"s{len(headings) + 1}"
            token.attrSet("id", anchor)
            title = plain_text(tokens[index + 1])
            titles.add(index + 1)
            headings.append((anchor, title))
            if token.tag == "h2":
                outline = {"h2": title, "h3": ""}
            else:
                outline["h3"] = title
            sections.append((anchor, title, [], outline["h2"] if token.tag == "h3" else ""))
        elif token.type == "paragraph_open" and index + 1 < len(tokens):
            article = ARTICLE.match(tokens[index + 1].content)
            if article:
                anchor = f"a{cn_number(article.group(1)):04d}"
                token.attrSet("id", anchor)
                sections.append((anchor, f"第{article.group(1)}条", [], " ".join(filter(None, outline.values()))))
        if token.type == "inline" and index not in titles:
            sections[-1][2].append(plain_text(token))
        if token.type == "heading_open" and token.tag == "h1":
            token.tag = "h2"  # the page title is the only h1
            tokens[index + 2].tag = "h2"
        if token.type == "inline" and token.children:
            line = body_line + (token.map[0] if token.map else 0)
            for child in token.children:
                _rewrite_link(child, line, resolve, problems)
        if token.type == "table_open":
            token.attrSet("class", "gk-table")
    html = _wrap_tables(md.renderer.render(tokens, md.options, {}))
    clean = nh3.clean(
        html, tags=_TAGS | {"section"}, attributes={**_ATTRIBUTES, "section": {"class", "tabindex", "aria-label"}},
        url_schemes={"http", "https", "mailto", "tel", "gk"}, link_rel=None, strip_comments=True,
    )
    return RenderedBody(html=clean, problems=problems, headings=headings,
                        sections=[Section(a, h, "\n".join(t), c) for a, h, t, c in sections if t])


def _wrap_tables(html: str) -> str:
    """Put each table in a keyboard-scrollable, uniquely named region (wide tables on phones)."""
    count = 0

    def wrap(_: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f'<section class="gk-table-wrap" tabindex="0" aria-label="表格{count}"><table>'

    return re.sub(r'<table class="gk-table">', wrap, html).replace("</table>", "</table></section>")


def _rewrite_link(token: Token, line: int, resolve: Resolver, problems: list[LinkProblem]) -> None:
    attr = "href" if token.type == "link_open" else "src" if token.type == "image" else None
    if attr is None:
        return
    target = str(token.attrGet(attr) or "")
    if not target or target.startswith("#"):
        return
    resolved = resolve(target)
    if resolved is None:
        problems.append(LinkProblem(target=target, line=line, kind="missing"))
        token.attrSet(attr, "#")
        return
    kind, value, fragment = resolved
    if kind == "private":
        problems.append(LinkProblem(target=target, line=line, kind="private", detail=value))
        token.attrSet(attr, "#")
    elif kind == "external":
        token.attrSet(attr, value)
    else:
        token.attrSet(attr, f"gk:{kind}/{value}" + (f"#{fragment}" if fragment else ""))


def is_external(href: str) -> bool:
    parts = urlsplit(href)
    return bool(parts.scheme) or href.startswith("//")


def source_target(href: str, source_dir: str) -> tuple[str, str]:
    """A relative link in a document → (content-relative path, fragment)."""
    parts = urlsplit(href)
    path = unquote(parts.path)
    joined = posixpath.normpath(posixpath.join(source_dir, path)) if path else source_dir
    return joined, parts.fragment


def fill_placeholders(html: str, link_for: Callable[[str, str], str]) -> str:
    """Replace gk: placeholders by the URLs `link_for(kind, value)` gives for the page being written."""

    def replace(match: re.Match[str]) -> str:
        url = link_for(match.group(1), match.group(2))
        return url + (f"#{match.group(3)}" if match.group(3) else "")

    return PLACEHOLDER.sub(replace, html)
