"""What a kind of content sees of a site while assemble lays the site out, and what it gives back.

assemble.py decides which organizations a site shows (`Section`s) and places their documents;
every other kind of content (kinds.py: the 规章和规范性文件库, records columns, …) then reads the
site through a `SiteView` and returns its pages as a `SitePart`.  `list_pages` makes the paginated
list pages that documents' columns and several kinds share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .documents import Doc
from .loading import LoadedCatalog
from .models import SECTIONS, CatalogItem, Organization, PlatformConfig, SiteConfig
from .pages import Asset, Citation, ColumnGroup, ColumnLink, Crumb, Entry, NavItem, Page, Pagination, page_links

HOME = Crumb(title="首页", path="index.html")
# Site-wide columns that gather documents by type (the portal's 政策文件, 政策解读 … columns).
SITE_COLUMNS: list[tuple[str, str, str, tuple[str, ...]]] = [
    # slug, title, ColumnType meta value, document types
    ("zcwj", "政策文件", "政策文件", ("文件",)),
    ("zcjd", "政策解读", "政策解读", ("解读", "回应关切")),
    ("gzdt", "工作动态", "工作动态", ("动态",)),
    ("tzgg", "通知公告", "通知公告", ("公示", "公告", "停供通知")),
    ("bszn", "办事指南", "办事服务", ("办事指南",)),
    ("ghbg", "规划报告", "数据发布", ("报告", "年报", "规划", "统计数据", "其他")),
]


@dataclass
class Section:
    """An organization's part of a site: its 信息公开 tree under `prefix`."""

    org: Organization
    role: str  # "owner" | "hosted" | "enterprise"
    prefix: str
    catalog: LoadedCatalog

    @property
    def root(self) -> str:
        return self.prefix + ("xxgk" if self.org.kind == "enterprise" else "zfxxgk")

    @property
    def root_title(self) -> str:
        return "信息公开" if self.org.kind == "enterprise" else "政府信息公开"

    @property
    def nav_key(self) -> str:
        return {"owner": "zfxxgk", "hosted": "zt", "enterprise": "qsy"}[self.role]

    @property
    def parts(self) -> list[str]:
        """The standard parts (指南, 制度, 法定主动公开内容, 年报) that get a page: all four, which the
        条例 requires of every government organization, even while its catalog has no item in one;
        for an enterprise, only those its catalog uses."""
        used = {SECTIONS[item.section] for item in self.catalog.catalog.items}
        return [slug for slug in SECTIONS.values() if self.org.kind != "enterprise" or slug in used]

    def section_path(self, slug: str) -> str:
        return f"{self.root}/{slug}/index.html"

    def column_path(self, item: CatalogItem) -> str:
        return f"{self.root}/{SECTIONS[item.section]}/{item.id}/index.html"

    def doc_path(self, doc_id: str) -> str:
        rest = doc_id.removeprefix(self.org.id + "/")
        return f"{self.prefix}doc/{rest}/index.html"


Homes = dict[str, tuple[SiteConfig, Section]]  # organization id -> its canonical site and section


@dataclass(frozen=True)
class SiteView:
    """A site as a kind of content reads it: its organizations and where its documents are."""

    root: Path                # the project
    site: SiteConfig
    config: PlatformConfig
    sections: list[Section]
    homes: Homes
    public: dict[str, Doc]    # every public document of the platform
    doc_paths: dict[str, str]  # document id -> its page on this site, for those placed here
    today: date
    contents: dict = field(default_factory=dict)  # every kind's data (kind name -> what its `load` returned), read-only

    def entry(self, doc: Doc, path: str | None = None) -> Entry:
        """A document placed on this site (or, given `path`, linked to there), as a list shows it."""
        outage = doc.meta.outage
        return Entry(id=doc.id, title=doc.meta.title, path=path or self.doc_paths[doc.id], published=doc.meta.published,
                     type=doc.meta.type, org_name=doc.org.name, doc_number=doc.meta.doc_number,
                     validity=doc.meta.validity, summary=doc.meta.summary, outage=outage,
                     outage_status=outage.status(self.today) if outage else None)

    def external_url(self, doc_id: str) -> str | None:
        """Absolute URL of a document's page on its own site (for links to documents not on this site)."""
        doc = self.public[doc_id]
        home_site, home_section = self.homes.get(doc.org.id, (None, None))
        if home_site is None:
            return None
        url = self.config.site_url(home_site)
        return url + home_section.doc_path(doc_id) if url else None

    def home_link(self, doc_id: str) -> str | None:
        """A link to a document's page on its own site: its absolute URL, or (without base_url) a path
        into the sibling site folder, from this site's root; None for an organization no site shows."""
        home_site, home_section = self.homes.get(self.public[doc_id].org.id, (None, None))
        if home_site is None:
            return None
        return self.config.link_from_sibling(home_site, home_section.doc_path(doc_id))

    def doc_target(self, doc_id: str) -> str | None:
        """A public document's page on this site, else its absolute URL on its own; None if neither."""
        if doc_id not in self.public:
            return None
        return self.doc_paths.get(doc_id) or self.external_url(doc_id)


@dataclass
class SitePart:
    """A kind's pages and files on one site, the link the home page and the site map give its
    section (and the header's navigation, with `nav`), and the documents it cites (listed on their
    pages).  A part of an organization's section (`Kind.section_part`) gives a `group` of links
    instead, which the section's overview lists, or the page of the standard part `under` names
    (zn, zd, fdzdgknr, nb: then also within that part's group on the overview)."""

    pages: list[Page] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    link: ColumnLink | None = None
    nav: NavItem | None = None
    citations: dict[str, list[Citation]] = field(default_factory=dict)
    group: ColumnGroup | None = None
    under: str | None = None


def list_pages(first_path: str, title: str, column_type: str, entries: list[Entry], crumbs: list[Crumb],
               nav_key: str | None, description: str, size: int, intro: str | None = None,
               template: str = "list.html", kind: str = "list", groups: list[ColumnGroup] | None = None,
               org: Organization | None = None, profile: str | None = None) -> list[Page]:
    """A list of documents, `size` a page, from `first_path` (then index_2.html …)."""
    chunks = [entries[i:i + size] for i in range(0, len(entries), size)] or [[]]
    links = page_links(first_path, len(chunks))
    return [Page(path=links[number - 1].path, kind=kind, template=template,
                 title=title if number == 1 else f"{title}（第{number}页）", column_name=title, column_type=column_type,
                 description=description if number == 1 else f"{description}（第{number}页）",
                 breadcrumbs=[*crumbs, Crumb(title=title)], nav_key=nav_key, entries=chunk,
                 pagination=Pagination(current=number, total=len(chunks), pages=links, count=len(entries)),
                 intro=intro, groups=groups or [], org=org, profile=profile)
            for number, chunk in enumerate(chunks, start=1)]


def not_shown(docs: list[Doc], sections: list[Section]) -> list[str]:
    """The ids of `docs` whose organizations have no section on the site (a kind's `shares`)."""
    shown = {section.org.id for section in sections}
    return [doc.id for doc in docs if doc.org.id not in shown]


def newest_first(doc: Doc) -> tuple:
    return (-doc.meta.published.toordinal(), doc.id)


def column_type_of(item: CatalogItem) -> str:
    """The 栏目类型 a catalog column's pages declare (ColumnType meta)."""
    text = item.l1 + item.l2
    for word, kind in (("解读", "政策解读"), ("指南", "办事服务"), ("动态", "工作动态"), ("公告", "通知公告"),
                       ("年报", "信息公开年报"), ("文件", "政策文件"), ("统计", "数据发布")):
        if word in text:
            return kind
    return "信息公开目录"
