"""The assembled platform: what each site contains, page by page, ready for the templates.

`assemble` produces these models; `render` turns each `Page` into HTML with its template; `writer`
puts pages and `Asset`s on disk.  Paths are site-relative POSIX paths naming a file
(`zfxxgk/fdzdgknr/dibao-policy/index.html`), which is what keeps every link working from file://.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .ledger import LedgerRow
from .models import CatalogItem, DocumentMeta, Organization, Outage, PlatformConfig, SiteConfig


class View(BaseModel):
    """Empty lists default through default_factory: a plain `= []` default is deep-copied for every
    instance, which costs a quarter second across a 10k-document platform's pages."""

    model_config = ConfigDict(frozen=True)


class Crumb(View):
    title: str
    path: str | None = None  # None for the current page


class Entry(View):
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


class PageLink(View):
    number: int
    path: str


class Pagination(View):
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


class ColumnLink(View):
    title: str
    path: str
    count: int
    latest: date | None = None
    item: CatalogItem | None = None


class ColumnGroup(View):
    """一级事项 with its 二级事项 columns, or any titled group of links."""

    title: str
    anchor: str
    columns: list[ColumnLink]


class Block(View):
    """A titled box of recent documents on a home or overview page."""

    title: str
    path: str
    entries: list[Entry]


class Card(View):
    title: str
    path: str
    description: str | None = None
    group: str | None = None  # e.g. the sector of an enterprise


class Attachment(View):
    title: str
    path: str
    size: str
    kind: str  # file extension, upper case


class DocLink(View):
    title: str
    path: str  # relative to the site root, or an absolute URL on another site
    published: date


class DocView(View):
    id: str
    meta: DocumentMeta
    org: Organization
    item: CatalogItem
    index_no: str
    body_html: str  # still holds gk: placeholders; the renderer fills them per page
    headings: list[tuple[str, str]] = Field(default_factory=list)
    attachments: list[Attachment] = Field(default_factory=list)
    interprets: list[DocLink] = Field(default_factory=list)        # for a 解读: the documents it explains
    interpretations: list[DocLink] = Field(default_factory=list)   # for a document: the 解读 that explain it
    amended_by: list[DocLink] = Field(default_factory=list)        # 规章/规范性文件: what amended it
    repealed_by: list[DocLink] = Field(default_factory=list)       # … what repealed it
    amends: list[DocLink] = Field(default_factory=list)            # what this document amended
    repeals: list[DocLink] = Field(default_factory=list)           # what this document repealed
    outage_status: str | None = None
    canonical: str | None = None          # absolute URL of the owner's page when this is a shared copy
    owner_site: str | None = None         # title of the owner's site when this is a shared copy


class CatalogRow(View):
    number: int
    item: CatalogItem
    column_path: str


PageKind = Literal["home", "list", "library", "ledger", "document", "overview", "catalog", "org_home", "cards", "search",
                   "sitemap", "not_found"]


class Page(View):
    path: str
    kind: PageKind
    template: str
    title: str
    column_name: str
    column_type: str
    description: str | None = None
    breadcrumbs: list[Crumb] = Field(default_factory=list)
    nav_key: str | None = None  # which header navigation entry is current
    entries: list[Entry] = Field(default_factory=list)
    pagination: Pagination | None = None
    doc: DocView | None = None
    groups: list[ColumnGroup] = Field(default_factory=list)
    blocks: list[Block] = Field(default_factory=list)
    cards: list[Card] = Field(default_factory=list)
    org: Organization | None = None
    catalog: list[CatalogRow] = Field(default_factory=list)
    downloads: list[Attachment] = Field(default_factory=list)
    intro: str | None = None  # a short paragraph shown above a page's content
    profile: str | None = None  # a profile column: which part of `org` it shows
    ledger: list[LedgerRow] = Field(default_factory=list)
    column_paths: dict[str, str] = Field(default_factory=dict)  # "org/item" -> column page, for the ledger's links


class Asset(View):
    """A non-HTML output file: copied from the project or generated."""

    path: str
    source: str | None = None   # absolute path of a file to copy
    content: bytes | None = None


class NavItem(View):
    key: str
    title: str
    path: str


class SiteBuild(View):
    config: SiteConfig
    url: str | None            # absolute base URL of the site, if known
    owner: Organization
    nav: list[NavItem]
    pages: list[Page]
    assets: list[Asset]
    doc_paths: dict[str, str]  # document id -> its page path in this site
    file_paths: dict[str, str]  # "<doc id>/<file>" -> attachment path in this site


class PlatformBuild(View):
    config: PlatformConfig
    sites: list[SiteBuild]
    published_documents: int
    withheld_documents: int
