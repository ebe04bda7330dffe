"""Reading a built site's links: which pages link where, which links are broken, which pages no link reaches."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.metas: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        for name in ("href", "src"):
            if attributes.get(name) and tag in ("a", "link", "script", "img"):
                self.hrefs.append(attributes[name])
        if tag == "meta" and "name" in attributes:
            self.metas[attributes["name"]] = attributes.get("content", "")


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def internal_targets(page: Path, site: Path, parser: Links) -> list[tuple[str, Path, str]]:
    found = []
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or href.startswith("//") or not parts.path:
            continue
        target = (page.parent / unquote(parts.path)).resolve()
        found.append((href, target, parts.fragment))
    return found


def site_dirs(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.is_dir())


def broken_links(site: Path) -> list[str]:
    """'page: href' for every internal link or asset reference whose file is not in the site."""
    return [f"{page.relative_to(site)}: {href}" for page in sorted(site.rglob("*.html"))
            for href, target, _ in internal_targets(page, site, parse(page)) if not target.is_file()]


def unreachable_pages(site: Path) -> list[str]:
    """HTML pages that no chain of links from the home page reaches (404.html aside)."""
    seen, queue = set(), [(site / "index.html").resolve()]
    while queue:
        page = queue.pop()
        if page in seen or page.suffix != ".html" or not page.is_file():
            continue
        seen.add(page)
        queue += [target for _, target, _ in internal_targets(page, site, parse(page))]
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                  if p.resolve() not in seen and p.name != "404.html")
