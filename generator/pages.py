"""The assembled platform: what each site contains, page by page, ready for the templates.

`assemble` produces these models; `render` turns each `Page` into HTML with its template; `writer`
puts pages and `Asset`s on disk.  Paths are site-relative POSIX paths naming a file
(`zfxxgk/fdzdgknr/dibao-policy/index.html`), which is what keeps every link working from file://.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from dataclasses import dataclass, field

from .ledger import LedgerRow, LedgerTable
from .models import CatalogItem, DocumentMeta, Organization, Outage, PlatformConfig, SiteConfig


# What assemble builds for the templates: frozen dataclasses, not pydantic models.  Every value
# comes from already-validated input (models.py), and validating some 80,000 of these again took
# a fifth of a rebuild at 10,000 documents.
view = dataclass(frozen=True, kw_only=True, slots=True)


@view
class Crumb:
    title: str
    path: str | None = None  # None for the current page


@view
class Entry:
    """A document as a list page shows it."""

    id: str
    title: str
    path: str
    published: date
    type: str
    org_name: str
    doc_number: str | None = None
    validity: str | None = None
    summary: str | None = None
    outage: Outage | None = None
    outage_status: str | None = None  # 未开始 | 进行中 | 已结束, as of the build date
    source: str | None = None  # the platform it comes from, in a library that merges others' (一网通查)


@view
class PageLink:
    number: int
    path: str


@view
class Pagination:
    current: int
    total: int
    pages: list[PageLink]
    count: int  # documents in the whole list

    @property
    def previous(self) -> PageLink | None:
        return self.pages[self.current - 2] if self.current > 1 else None

    @property
    def next(self) -> PageLink | None:
        return self.pages[self.current] if self.current < self.total else None


def page_links(first_path: str, count: int) -> list[PageLink]:
    """The pages of a paginated list: index.html, index_2.html, …"""
    stem = first_path.removesuffix("index.html")
    return [PageLink(number=n, path=first_path if n == 1 else f"{stem}index_{n}.html") for n in range(1, count + 1)]


@view
class ColumnLink:
    title: str
    path: str
    count: int
    latest: date | None = None
    item: CatalogItem | None = None


@view
class ColumnGroup:
    """一级事项 with its 二级事项 columns, or any titled group of links."""

    title: str
    anchor: str
    columns: list[ColumnLink]
    path: str | None = None  # the group's own page, where it has one


@view
class Block:
    """A titled box of recent documents on a home or overview page."""

    title: str
    path: str
    entries: list[Entry]


@view
class Card:
    title: str
    path: str
    description: str | None = None
    group: str | None = None  # e.g. the sector of an enterprise


def size_label(count: int) -> str:
    """A file's size as a download link shows it."""
    return f"{count / 1024:.1f} KB" if count < 1024 * 1024 else f"{count / 1024 / 1024:.1f} MB"


@view
class Attachment:
    title: str
    path: str
    size: str
    kind: str  # file extension, upper case


@view
class DocLink:
    title: str
    path: str  # relative to the site root, or an absolute URL on another site
    published: date


@view
class DocView:
    id: str
    meta: DocumentMeta
    org: Organization
    item: CatalogItem
    index_no: str
    body_html: str  # still holds gk: placeholders; the renderer fills them per page
    headings: list[tuple[str, str]] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    interprets: list[DocLink] = field(default_factory=list)        # for a 解读: the documents it explains
    interpretations: list[DocLink] = field(default_factory=list)   # for a document: the 解读 that explain it
    amended_by: list[DocLink] = field(default_factory=list)        # 规章/规范性文件: what amended it
    repealed_by: list[DocLink] = field(default_factory=list)       # … what repealed it
    amends: list[DocLink] = field(default_factory=list)            # what this document amended
    repeals: list[DocLink] = field(default_factory=list)           # what this document repealed
    feedback_to: list[DocLink] = field(default_factory=list)       # for a 采纳情况: the 征求意见稿 it answers
    feedback: list[DocLink] = field(default_factory=list)          # for a 征求意见稿: its 采纳情况
    outage_status: str | None = None
    consultation_status: str | None = None  # 未开始 | 征集中 | 已结束, as of the build date
    canonical: str | None = None          # absolute URL of the owner's page when this is a shared copy
    owner_site: str | None = None         # title of the owner's site when this is a shared copy
    cited_by: list[Citation] = field(default_factory=list)  # what cites it (records columns), here or on their own site


@view
class Citation:
    """What cites a document: a table's first row doing so in a `doc` field and how many rows do, or
    an issue of the gazette listing it."""

    title: str
    path: str
    count: int  # rows citing it (0: not a table)
    group: str = "相关数据"  # the heading its document's page lists it under


@view
class CatalogRow:
    number: int
    item: CatalogItem
    column_path: str


PageKind = Literal["home", "list", "library", "ledger", "document", "overview", "catalog", "org_home", "cards", "search",
                   "sitemap", "not_found", "records", "record", "consultations", "gazette", "gazette_year",
                   "gazette_issue", "gazette_text", "gazette_list", "messages", "message", "faq", "ask", "ysqgk",
                   "ysqgk_form", "ysqgk_cases", "ysqgk_case", "nianbao", "wzbb", "wzbb_list"]


@view
class Page:
    path: str
    kind: PageKind
    template: str
    title: str
    column_name: str
    column_type: str
    description: str  # <meta name="Description">: what this page holds, in a sentence or two
    breadcrumbs: list[Crumb] = field(default_factory=list)
    nav_key: str | None = None  # which header navigation entry is current
    entries: list[Entry] = field(default_factory=list)
    pagination: Pagination | None = None
    doc: DocView | None = None
    groups: list[ColumnGroup] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    org: Organization | None = None
    catalog: list[CatalogRow] = field(default_factory=list)
    downloads: list[Attachment] = field(default_factory=list)
    intro: str | None = None  # a short paragraph shown above a page's content
    profile: str | None = None  # a profile column: which part of `org` it shows
    ledger: list[LedgerRow] = field(default_factory=list)
    column_paths: dict[str, str] = field(default_factory=dict)  # "org/item" -> column page, for the ledger's links
    ledger_tables: list[LedgerTable] = field(default_factory=list)  # the kinds' parts of the ledger
    view: object | None = None  # a content kind's own view of the page (records.pages.TableView, RowView, …)


@view
class Asset:
    """A non-HTML output file: copied from the project or generated."""

    path: str
    source: str | None = None   # absolute path of a file to copy
    content: bytes | None = None


@view
class NavItem:
    key: str
    title: str
    path: str


@view
class SiteBuild:
    config: SiteConfig
    url: str | None            # absolute base URL of the site, if known
    owner: Organization
    nav: list[NavItem]
    pages: list[Page]
    assets: list[Asset]
    doc_paths: dict[str, str]  # document id -> its page path in this site
    file_paths: dict[str, str]  # "<doc id>/<file>" -> attachment path in this site


@view
class Locations:
    """Where a link to a document or attachment that is not on the linking site goes: the first site
    (in platform.yaml's order) that places it, and its path there (plan.first_locations)."""

    documents: dict[str, tuple[str, str]]  # document id -> (site id, page path)
    files: dict[str, tuple[str, str]]      # "<doc id>/<file>" -> (site id, attachment path)


@view
class PlatformBuild:
    config: PlatformConfig
    sites: list[SiteBuild]
    published_documents: int
    withheld_documents: int
    locations: Locations
