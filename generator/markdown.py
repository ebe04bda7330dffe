"""Markdown → safe HTML, with the document's links resolved to other documents and attachments.

markdown-it-py (CommonMark + tables) renders the body; a body that uses only what markdown-it-pyrs
(markdown-it.rs, the same family in Rust) renders byte for byte alike is parsed there instead, about
ten times faster (`_render_fast`).  Raw HTML is allowed in the source but the
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

import markdown_it_pyrs
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


# made once: nh3.clean would convert the allow-lists for every body
_CLEANER = nh3.Cleaner(
    tags=_TAGS | {"section"}, attributes={**_ATTRIBUTES, "section": {"class", "tabindex", "aria-label"}},
    url_schemes={"http", "https", "mailto", "tel", "gk"}, link_rel=None, strip_comments=True,
)


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
    fast = _render_fast(body)
    if fast is not None:
        return fast
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
    return _rendered(html, problems, headings, sections)


def _rendered(html: str, problems: list[LinkProblem], headings: list[tuple[str, str]],
              sections: list[tuple[str, str, list[str], str]]) -> RenderedBody:
    return RenderedBody(html=_CLEANER.clean(html), problems=problems, headings=headings,
                        sections=[Section(a, h, "\n".join(t), c) for a, h, t, c in sections if t])


# What markdown-it-pyrs is not given: raw HTML and autolinks (<), entities (&), links, images and
# reference definitions ([), carriage returns and NULs (normalized before parsing, which would shift
# the source offsets), and whitespace other than space, tab and newline: markdown-it-py strips it
# from a paragraph's, heading's or cell's edges (Python's str.strip), markdown-it.rs keeps it.
_OTHER_SPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in " \t\n")  # \r among them
_NOT_FAST = re.compile("[<&\\[\0" + re.escape(_OTHER_SPACE) + "]")
# Where markdown-it-py and markdown-it.rs part ways (found by comparing them on random bodies): an
# ordered list not starting at 1 right after a paragraph, a blockquote's or a table's line, and a
# table right after a blockquote.
_ORDERED = re.compile(r"^[ \t>]*(\d{1,9})[.)](?:[ \t]|$)", re.M)
_QUOTED = re.compile(r"^[ \t]*>", re.M)
_INLINE = frozenset({"text", "text_special", "softbreak", "hardbreak", "em", "strong", "code_inline"})


class _Unsupported(Exception):
    """A body the fast path leaves to markdown-it-py."""


@cache
def _fast_parser() -> markdown_it_pyrs.MarkdownIt:
    return markdown_it_pyrs.MarkdownIt("commonmark").enable("table")


def _render_fast(body: str) -> RenderedBody | None:
    """`render_body` of a body without links through markdown-it-pyrs: the same HTML, headings and
    sections as markdown-it-py gives (compared on the example, the synthetic platforms and the 3,355
    laws), or None for a body that uses something else.  markdown-it-pyrs renders from its own tree,
    so the ids render_body sets on tokens are put into its HTML: each <h1>, <h2>, <h3>, <p> and
    <table> it writes stands for the next such node of the tree (no raw HTML can write one)."""
    if _NOT_FAST.search(body) or ("|" in body and _QUOTED.search(body)) or _interrupting_list(body):
        return None
    md = _fast_parser()
    walk = _FastWalk(body.encode("utf-8"))
    try:
        walk.blocks(md.tree(body))
    except _Unsupported:
        return None
    opened = iter(walk.opened)
    try:
        html = _OPENING.sub(lambda _: next(opened), md.render(body))
    except StopIteration:
        return None
    if next(opened, None) is not None:
        return None
    return _rendered(html.replace("</h1>", "</h2>").replace("</table>", "</table></section>"),
                     [], walk.headings, walk.sections)


_OPENING = re.compile("<(?:h[123]|p|table)>")


def _interrupting_list(body: str) -> bool:
    """Whether a line starts an ordered list at another number than 1 right after a line of text."""
    for found in _ORDERED.finditer(body):
        if found.group(1).lstrip("0") != "1" and found.start():
            before = body[body.rfind("\n", 0, found.start() - 1) + 1:found.start() - 1]
            if before.strip() and not _ORDERED.match(before):
                return True
    return False


class _FastWalk:
    """markdown-it-pyrs's tree walked in the order of markdown-it-py's tokens: headings and
    sections as render_body makes them, and what each opening tag in _OPENING becomes."""

    def __init__(self, source: bytes):
        self.source = source
        self.headings: list[tuple[str, str]] = []
        self.sections: list[tuple[str, str, list[str], str]] = [("", "", [], "")]
        self.outline = {"h2": "", "h3": ""}
        self.opened: list[str] = []
        self.tables = 0

    def blocks(self, node) -> None:
        loose = []  # a tight list item's inline nodes: markdown-it-py's hidden paragraph
        for child in node.children:
            name = child.name
            if name in _INLINE:
                loose.append(child)
                continue
            if loose:
                self.paragraph(loose, visible=False)
                loose = []
            if name == "paragraph":
                self.paragraph(child.children, visible=True)
            elif name == "heading":
                self.heading(child.meta["level"], _plain(child.children))
            elif name == "table":
                self.tables += 1
                self.opened.append(f'<section class="gk-table-wrap" tabindex="0" aria-label="表格{self.tables}"><table>')
                self.blocks(child)
            elif name == "tcell":
                self.sections[-1][2].append(_plain(child.children))
            elif name in ("bullet_list", "ordered_list", "list_item", "blockquote", "thead", "tbody", "trow"):
                self.blocks(child)
            elif name not in ("hr", "code_block", "fence"):
                raise _Unsupported(name)
        if loose:
            self.paragraph(loose, visible=False)

    def heading(self, level: int, title: str) -> None:
        if level not in (2, 3):
            self.sections[-1][2].append(title)
            if level == 1:  # the page title is the only h1
                self.opened.append("<h2>")
            return
        anchor = f"s{len(self.headings) + 1}"
        self.headings.append((anchor, title))
        if level == 2:
            self.outline = {"h2": title, "h3": ""}
        else:
            self.outline["h3"] = title
        self.sections.append((anchor, title, [], self.outline["h2"] if level == 3 else ""))
        self.opened.append(f'<h{level} id="{anchor}">')

    def paragraph(self, inline: list, visible: bool) -> None:
        """An article (第X条) starts a section, as in render_body, which matches the paragraph's text
        as written: its first line decides unless it holds nothing but the pattern's `*`s and spaces."""
        opening = "<p>"
        if inline:
            if inline[0].srcmap is None or inline[-1].srcmap is None:
                raise _Unsupported("no source position")
            first = self.source[inline[0].srcmap[0]:inline[-1].srcmap[1]].decode("utf-8").lstrip().split("\n", 1)[0]
            if not first.strip("* \t"):
                raise _Unsupported("article pattern across lines")
            article = ARTICLE.match(first)
            if article:
                anchor = f"a{cn_number(article.group(1)):04d}"
                self.sections.append((anchor, f"第{article.group(1)}条", [],
                                      " ".join(filter(None, self.outline.values()))))
                opening = f'<p id="{anchor}">'
        if visible:
            self.opened.append(opening)
        self.sections[-1][2].append(_plain(inline))


def _plain(nodes) -> str:
    """`plain_text` of markdown-it-pyrs's inline nodes."""
    parts = []
    for node in nodes:
        name = node.name
        if name in ("text", "text_special"):
            parts.append(node.meta["content"])
        elif name in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif name in ("em", "strong", "code_inline"):
            parts.append(_plain(node.children))
        else:
            raise _Unsupported(name)
    return "".join(parts)


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
