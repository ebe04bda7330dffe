"""Assemble stage: resolved documents → every site's pages.

For each site (which organizations it shows, and which documents besides theirs: plan.py): the
standard 政府信息公开 columns of each organization, the site-wide type columns, what every other kind
of content adds (kinds.py: the 规章和规范性文件库, records columns …), documents shared in with `also`,
and the home, search, 404 and site-map pages, as a list of `Page`s and `Asset`s.  Only public
documents (see documents.py) are ever placed.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Collection

from .catalog_export import CatalogFiles
from .descriptions import column_description, doc_description, excerpt
from .diagnostics import Reporter
from .documents import Doc, Resolved, relations
from .kinds import KINDS, Contents
from .layout import (HOME, SITE_COLUMNS, Homes, Section, SitePart, SiteView, column_type_of, list_pages,
                     newest_first)
from .ledger import LedgerRow, LedgerTable
from .loading import LoadedCatalog, LoadedPlatform
from .models import SECTIONS, CatalogItem, Organization, PlatformConfig, SiteConfig
from .personal import mask_file
from .plan import documents_by_org, first_locations, plan, shown_documents
from .pages import (Asset, Attachment, Block, Card, CatalogRow, Citation, ColumnGroup, ColumnLink, Crumb, DocLink,
                    DocView, Entry, Locations, NavItem, Page, PlatformBuild, SiteBuild, size_label)

SECTION_TITLES = {"zn": "政府信息公开指南", "zd": "政府信息公开制度", "fdzdgknr": "法定主动公开内容",
                  "nb": "政府信息公开年报"}
SECTION_TYPES = {"zn": "信息公开指南", "zd": "信息公开目录", "fdzdgknr": "信息公开目录", "nb": "信息公开年报"}
OUTAGE_TITLES = {"供水": "停水通知", "供电": "停电通知", "供气": "停气通知", "供热": "停热通知"}


@dataclass
class AssembleCache:
    """What assemble hands the next build in `gongkai serve` (cache.py): the platform's plan (which
    organizations each site shows, what is shared where) and each site's layout (every page but the
    documents' own, which are the only pages that show a body), each under a key of all it reads;
    and each document page with the document it shows, the layout it was made in and the front
    matter of the documents it links to by title."""

    plan: tuple = ()                             # (key, (sections, homes, shared), diagnostics, Locations)
    layouts: dict = field(default_factory=dict)  # site id -> (key, _SiteBuilder without document pages, diagnostics)
    doc_pages: dict = field(default_factory=dict)  # (site, doc id) -> (Doc, builder, [(related id, meta)], Page, files)


def assemble(root: Path, platform: LoadedPlatform, catalogs: dict[str, LoadedCatalog], resolved: Resolved,
             reporter: Reporter, exports: dict[str, CatalogFiles], unreadable: frozenset[str] = frozenset(),
             today: date | None = None, ledger: list[LedgerRow] | None = None,
             cache: AssembleCache | None = None, contents: Contents | None = None,
             ledger_tables: list[LedgerTable] | None = None, only: Collection[str] | None = None,
             locations: Locations | None = None) -> PlatformBuild:
    """`exports`: each catalog's downloads (catalog_export.start_exports).  `unreadable`: ids of
    catalogs whose files had errors (already reported, not to be reported again).
    `today`: the date notices are judged against (an outage that ended before it is marked as ended).
    `cache`: the previous build's plan, layouts and document pages, reused where their inputs are the same.
    `contents`: what each kind of content (kinds.py) loaded, by its name; `ledger_tables`: the kinds'
    parts of the 工作台账.  `only`: the sites whose document pages to make (a shard's; the other
    sites are laid out, for what they tell these, without them, and what the plan and they find is
    not reported: a shard reads part of the platform, and the whole was checked once for all shards).
    `locations`: where each document is first placed on the whole platform (a shard's, from the
    survey); made from the plan when not given."""
    contents = contents or {}
    cache = cache or AssembleCache()
    config = platform.config
    today = today or date.today()
    public = resolved.public
    cards = {doc_id: _layout_card(doc) for doc_id, doc in public.items()}
    plan_key = (root, platform, list(catalogs.items()), unreadable, list(cards.values()))
    if not cache.plan or cache.plan[0] != plan_key:
        found = Reporter()
        planned = plan(platform, catalogs, public, found, unreadable)
        cache.plan = (plan_key, planned, found.diagnostics,
                      locations or first_locations(config, planned[0], planned[2], public))
    sections, homes, shared = cache.plan[1]
    if only is None:
        reporter.extend(cache.plan[2])
    by_org = documents_by_org(public)
    rank = {doc_id: n for n, doc_id in enumerate(public)}
    layouts, doc_pages, sites = {}, {}, []
    for site in config.sites:
        if site.id not in sections:
            continue
        site_sections, site_shared = sections[site.id], shared.get(site.id, {})
        shown = [cards[doc_id] for section in site_sections for doc_id in by_org.get(section.org.id, ())]
        layout_key = (root, site, config, site_sections, homes, site_shared,
                      [exports[s.org.id] for s in site_sections], today,
                      (ledger, ledger_tables) if site.ledger else None,
                      shown, [cards[doc_id] for doc_id in site_shared], contents)
        before = cache.layouts.get(site.id)
        if before and before[0] == layout_key:
            layouts[site.id] = before
        else:
            found = Reporter()
            builder = _lay_out_site(root, site, config, site_sections, homes, public, site_shared, found, exports,
                                    today, ledger or [], contents, ledger_tables or [], (by_org, rank))
            layouts[site.id] = (layout_key, builder, found.diagnostics)
        if only is None or site.id in only:
            reporter.extend(layouts[site.id][2])
    elsewhere = _citations_elsewhere(layouts, homes, config)
    for site_id, (_, builder, _) in layouts.items():
        builder.public = public  # the same documents as the layout's but for their bodies (the key says so)
        pages, assets = [], []
        for doc_id in builder.doc_paths if only is None or site_id in only else ():
            doc, where = public[doc_id], (site_id, doc_id)
            made = cache.doc_pages.get(where)
            cites = builder.citations(doc_id, elsewhere)
            if not (made and made[0] is doc and made[1] is builder and made[3] == cites
                    and all((public[i].meta if i in public else None) is meta for i, meta in made[2])):
                related = [(i, public[i].meta if i in public else None)  # the titles and dates its page shows
                           for ids in relations(doc).values() for i in ids]
                made = (doc, builder, related, cites, *builder.document_page(doc, cites))
            doc_pages[where] = made
            pages.append(made[4])
            assets += made[5]
        sites.append(builder.site_build(pages, assets))
    cache.layouts, cache.doc_pages = layouts, doc_pages
    return PlatformBuild(config=config, sites=sites, published_documents=len(public),
                         withheld_documents=resolved.withheld,
                         locations=cache.plan[3])


def _citations_elsewhere(layouts: dict, homes: Homes, config: PlatformConfig) -> dict[str, list[tuple[str, Citation]]]:
    """What cites each document on its organization's own site, as (citing organization, citation
    with an absolute URL), for the document's pages on the other sites."""
    found: dict[str, list[tuple[str, Citation]]] = defaultdict(list)
    for site_id, (_, builder, _) in layouts.items():
        url = config.site_url(builder.site)
        for doc_id, cites in builder.cited_by.items():
            for org, citation in cites:
                home = homes.get(org)
                if url and home and home[0].id == site_id:
                    found[doc_id].append((org, replace(citation, path=url + citation.path)))
    return found


def _layout_card(doc: Doc) -> tuple:
    """All the site layout reads of a document: everything but its body."""
    source = doc.source
    return (doc.id, source.file, source.lines, doc.meta, doc.org, doc.item, doc.index_no, doc.interpretations,
            doc.amends, doc.repeals, doc.feedback, source.attachment_files, source.bundle_dir, doc.masked_kinds)


# ---------------------------------------------------------------- one site

class _SiteBuilder:
    def __init__(self, root: Path, site: SiteConfig, config: PlatformConfig, sections: list[Section],
                 homes: Homes, public: dict[str, Doc], shared: dict[str, list[str | None]], reporter: Reporter,
                 exports: dict[str, CatalogFiles], today: date, contents: Contents):
        self.root = root
        self.contents = contents
        self.exports = exports
        self.today = today
        self.reporter = reporter
        self.site = site
        self.config = config
        self.sections = sections
        self.homes = homes
        self.public = public
        self.shared = shared
        self.size = config.page_size
        self.pages: list[Page] = []
        self.assets: list[Asset] = []
        self.doc_paths: dict[str, str] = {}
        self.file_paths: dict[str, str] = {}
        self.section_of: dict[str, Section] = {s.org.id: s for s in sections}
        # documents per catalog column (org, item) and per site column slug
        self.by_item: dict[tuple[str, str], list[Doc]] = defaultdict(list)
        self.by_site_column: dict[str, list[Doc]] = defaultdict(list)
        self.crumbs_of_column: dict[tuple[str, str], list[Crumb]] = {}
        self.view = SiteView(root, site, config, sections, homes, public, self.doc_paths, today, contents)
        self.links: list[ColumnLink] = []  # the sections kinds of content add to the site (kinds.py)
        self.nav_items: list[NavItem] = []  # … and those of them in the header's navigation
        self.section_groups: dict[str, list[ColumnGroup]] = {}  # org -> what kinds add to its section
        # doc id -> what on this site cites it, with the citing organization
        self.cited_by: dict[str, list[tuple[str, Citation]]] = defaultdict(list)

    # -- placement
    def place_documents(self, by_org: dict[str, list[str]], rank: dict[str, int]) -> None:
        """The documents the site shows (plan.shown_documents), in the platform's order (so a site's
        work grows with its own documents, not the platform's)."""
        type_column = {t: slug for slug, _, _, types in SITE_COLUMNS for t in types}
        owners: dict[str, Doc] = {}
        for doc_id in sorted(shown_documents(self.sections, self.shared, by_org, self.public), key=rank.__getitem__):
            doc = self.public[doc_id]
            section = self.section_of.get(doc.org.id)
            path = section.doc_path(doc.id) if section else f"gx/{doc.id}/index.html"
            if path in owners:
                self.reporter.report("E403", doc.source.at("org"), url=f"{self.site.id}/{path}",
                                     first=owners[path].source.file, second=doc.source.file)
                continue
            owners[path] = doc
            self.doc_paths[doc.id] = path
            lists: list[list[Doc]] = []
            if section is not None:
                lists.append(self.by_item[(doc.org.id, doc.item.id)])
                if section.role != "enterprise":
                    lists.append(self.by_site_column[type_column[doc.meta.type]])
            for column in self.shared.get(doc.id, []):
                if column is None:
                    continue  # placed for a kind of content, which lists it
                target = column or type_column[doc.meta.type]
                if target in type_column.values():
                    lists.append(self.by_site_column[target])
                else:
                    owner = next(s for s in self.sections if s.catalog.item(target))
                    lists.append(self.by_item[(owner.org.id, target)])
            for members in lists:
                members.append(doc)
        for docs in (*self.by_item.values(), *self.by_site_column.values()):
            docs[:] = sorted({d.id: d for d in docs}.values(), key=newest_first)  # once each, newest first
        for doc_id, path in self.doc_paths.items():
            doc = self.public[doc_id]
            folder = posixpath.dirname(path)
            for name in doc.source.attachment_files:
                self.file_paths[f"{doc_id}/{name}"] = f"{folder}/{name}"

    def entry(self, doc: Doc) -> Entry:
        return self.view.entry(doc)

    # -- list pages with pagination
    def add_list(self, first_path: str, title: str, column_type: str, docs: list[Doc], crumbs: list[Crumb],
                 nav_key: str | None, description: str, intro: str | None = None,
                 org: Organization | None = None, profile: str | None = None) -> None:
        self.pages += list_pages(first_path, title, column_type, [self.entry(d) for d in docs], crumbs, nav_key,
                                 description, self.size, intro, org=org, profile=profile)

    # -- what kinds of content add (kinds.py)
    def add_part(self, part: SitePart | None, org: str = "") -> bool:
        """A kind's pages; `org`: the organization whose column they are ("" for a site's section)."""
        if part is None:
            return False
        self.pages += part.pages
        self.assets += part.assets
        if part.link:
            self.links.append(part.link)
        if part.nav:
            self.nav_items.append(part.nav)
        for doc_id, citations in part.citations.items():
            self.cited_by[doc_id] += [(org, citation) for citation in citations]
        return True

    def add_kind_sections(self) -> None:
        for kind in KINDS:
            if kind.site_part:
                self.add_part(kind.site_part(self.view, self.contents.get(kind.name)))

    def add_section_parts(self, section: Section, crumbs: list[Crumb]) -> dict[str | None, list[ColumnGroup]]:
        """What kinds add to an organization's section: their groups of links by the standard part
        that lists them (None: the overview)."""
        added: dict[str | None, list[ColumnGroup]] = defaultdict(list)
        for kind in KINDS:
            for part in kind.section_part(self.view, section, crumbs, self.contents.get(kind.name)) \
                    if kind.section_part else ():
                self.add_part(part, section.org.id)
                if part.group:
                    added[part.under].append(part.group)
        self.section_groups[section.org.id] = [g for groups in added.values() for g in groups]
        return added

    def _add_column(self, section: Section, item: CatalogItem, crumbs: list[Crumb]) -> None:
        """A catalog column: a kind's that owns it, else the list of its documents."""
        for kind in KINDS:
            if kind.column and self.add_part(kind.column(self.view, section, item, crumbs,
                                                         self.contents.get(kind.name)), section.org.id):
                return
        self.add_list(section.column_path(item), item.l2 if item.l2 != item.l1 else item.l1, column_type_of(item),
                      self.by_item.get((section.org.id, item.id), []), crumbs, section.nav_key,
                      column_description(section.org, item), intro=f"{item.l1} › {item.l2}", org=section.org,
                      profile=item.profile)

    # -- an organization's 信息公开 tree
    def add_section(self, section: Section) -> None:
        org = section.org
        nav_key = section.nav_key
        base = [HOME] + self._outer_crumbs(section)
        root_crumbs = [*base, Crumb(title=section.root_title, path=f"{section.root}/index.html")]
        items = section.catalog.catalog.items
        by_section: dict[str, list[CatalogItem]] = defaultdict(list)
        for item in items:
            by_section[SECTIONS[item.section]].append(item)
        added = self.add_section_parts(section, root_crumbs)
        overview_groups = []
        for slug in section.parts:
            slug_crumbs = [*root_crumbs, Crumb(title=SECTION_TITLES[slug], path=section.section_path(slug))]
            groups = self._groups(section, by_section.get(slug, [])) + added.get(slug, [])
            overview_groups.append(ColumnGroup(title=SECTION_TITLES[slug], anchor=slug, path=section.section_path(slug),
                                               columns=[c for g in groups for c in g.columns]))
            self.pages.append(Page(
                path=section.section_path(slug), kind="overview", template="section.html",
                title=_title(SECTION_TITLES[slug], section), column_name=SECTION_TITLES[slug],
                column_type=SECTION_TYPES[slug],
                description=excerpt(f"{org.name}{SECTION_TITLES[slug]}" + (
                    f"：{'、'.join(g.title for g in groups)}。" if groups else "：公开工作机构、公开方式和依申请公开办法。")),
                breadcrumbs=[*root_crumbs, Crumb(title=SECTION_TITLES[slug])],
                nav_key=nav_key, groups=groups, org=org if slug == "zn" else None))
            for item in by_section.get(slug, []):
                self.crumbs_of_column[(org.id, item.id)] = slug_crumbs
                self._add_column(section, item, slug_crumbs)
        overview_groups += added.get(None, [])
        catalog_path = f"{section.root}/ml/index.html"
        overview_groups.append(ColumnGroup(title="标准目录", anchor="ml", columns=[
            ColumnLink(title=f"{org.name}政务公开标准目录", path=catalog_path, count=len(items))]))
        self.pages.append(Page(
            path=f"{section.root}/index.html", kind="overview", template="section.html",
            title=_title(section.root_title, section), column_name=section.root_title,
            column_type="信息公开目录",
            description=f"{org.name}{section.root_title}：{'、'.join(g.title for g in overview_groups)}。",
            breadcrumbs=[*base, Crumb(title=section.root_title)], nav_key=nav_key,
            groups=overview_groups, org=org))
        self._add_catalog(section, catalog_path, root_crumbs, nav_key)
        if section.role != "owner":
            self._add_org_home(section, base, nav_key)

    def _groups(self, section: Section, items: list[CatalogItem]) -> list[ColumnGroup]:
        grouped: dict[str, list[ColumnLink]] = {}
        for item in items:
            docs = self.by_item.get((section.org.id, item.id), [])
            grouped.setdefault(item.l1, []).append(ColumnLink(
                title=item.l2, path=section.column_path(item), count=len(docs),
                latest=docs[0].meta.published if docs else None, item=item))
        return [ColumnGroup(title=l1, anchor=f"g{n}", columns=cols) for n, (l1, cols) in enumerate(grouped.items(), 1)]

    def _outer_crumbs(self, section: Section) -> list[Crumb]:
        if section.role == "hosted":
            return [Crumb(title="部门专题", path="zt/index.html"),
                    Crumb(title=section.org.name, path=f"{section.prefix}index.html")]
        if section.role == "enterprise":
            return [Crumb(title="公共企事业单位", path="qsy/index.html"),
                    Crumb(title=section.org.name, path=f"{section.prefix}index.html")]
        return []

    def _add_catalog(self, section: Section, path: str, crumbs: list[Crumb], nav_key: str) -> None:
        org = section.org
        folder = posixpath.dirname(path)
        rows = [CatalogRow(number=n, item=item, column_path=section.column_path(item))
                for n, item in enumerate(section.catalog.catalog.items, 1)]
        csv_bytes, xlsx_bytes = self.exports[org.id]
        downloads = [
            Attachment(title=f"{org.name}政务公开标准目录（CSV）", path=f"{folder}/{org.id}-catalog.csv",
                       size=size_label(len(csv_bytes)), kind="CSV"),
            Attachment(title=f"{org.name}政务公开标准目录（Excel）", path=f"{folder}/{org.id}-catalog.xlsx",
                       size=size_label(len(xlsx_bytes)), kind="XLSX"),
        ]
        self.assets += [Asset(path=downloads[0].path, content=csv_bytes),
                        Asset(path=downloads[1].path, content=xlsx_bytes)]
        title = f"{org.name}政务公开标准目录"
        self.pages.append(Page(
            path=path, kind="catalog", template="catalog.html", title=title, column_name="标准目录",
            column_type="信息公开目录",
            description=f"{title}：{len(rows)} 个公开事项的公开内容、依据、时限和主体，可下载 CSV 和 Excel 表格。",
            breadcrumbs=[*crumbs, Crumb(title="标准目录")], nav_key=nav_key,
            catalog=rows, downloads=downloads, org=org))

    def _add_org_home(self, section: Section, base: list[Crumb], nav_key: str) -> None:
        org = section.org
        docs = sorted((d for (o, _), ds in self.by_item.items() if o == org.id for d in ds), key=newest_first)
        blocks = [Block(title="最新信息", path=f"{section.root}/index.html", entries=[self.entry(d) for d in docs[:8]])]
        for doc_type, title in (("停供通知", OUTAGE_TITLES.get(org.sector or "", "停供通知")), ("办事指南", "办事指南")):
            matching = [d for d in docs if d.meta.type == doc_type]
            if matching:
                blocks.append(Block(title=title, path=section.column_path(matching[0].item),
                                    entries=[self.entry(d) for d in matching[:10]]))
        self.pages.append(Page(
            path=f"{section.prefix}index.html", kind="org_home", template="org_home.html", title=org.name,
            column_name=org.name, column_type="专题专栏" if section.role == "hosted" else "办事服务",
            description=excerpt(f"{org.name}{'政务公开专题' if section.role == 'hosted' else '办事服务信息'}："
                                 + "、".join(dict.fromkeys(i.l1 for i in section.catalog.catalog.items)) + "。"),
            breadcrumbs=[*base[:-1], Crumb(title=org.name)], nav_key=nav_key, org=org, blocks=blocks,
            groups=self._groups(section, section.catalog.catalog.items)))

    # -- document pages
    def citations(self, doc_id: str, elsewhere: dict[str, list[tuple[str, Citation]]]) -> list[Citation]:
        """What cites a document: here, and on the sites of organizations this site does not show."""
        return [c for _, c in self.cited_by.get(doc_id, [])] + [
            c for org, c in elsewhere.get(doc_id, []) if org not in self.section_of]

    def document_page(self, doc: Doc, cited_by: list[Citation]) -> tuple[Page, list[Asset]]:
        """A document's page (`cited_by`: what cites it, see `citations`) and its attachments' files."""
        section = self.section_of.get(doc.org.id)
        if section is not None:
            crumbs = [*self.crumbs_of_column[(doc.org.id, doc.item.id)],
                      Crumb(title=doc.item.l2, path=section.column_path(doc.item))]
            nav_key = section.nav_key
            canonical, owner_site = None, None
        else:
            crumbs = [HOME, Crumb(title="共享信息", path=None)]
            nav_key = None
            canonical, owner_site = None, None
            if doc.org.id in self.homes:  # an organization no site shows (W201) has no home to point to
                home_site, home_section = self.homes[doc.org.id]
                home_url = self.config.site_url(home_site)
                canonical = home_url + home_section.doc_path(doc.id) if home_url else None
                owner_site = home_site.title
        attachments, files = self._attachments(doc)
        view = DocView(
            id=doc.id, meta=doc.meta, org=doc.org, item=doc.item, index_no=doc.index_no,
            body_html=doc.body.html if doc.body else "", headings=doc.body.headings if doc.body else [],
            attachments=attachments, **{name: self._doc_links(ids) for name, ids in relations(doc).items()},
            outage_status=doc.meta.outage.status(self.today) if doc.meta.outage else None,
            consultation_status=doc.meta.consultation.status(self.today) if doc.meta.consultation else None,
            canonical=canonical, owner_site=owner_site, cited_by=cited_by)
        page = Page(path=self.doc_paths[doc.id], kind="document", template="document.html", title=doc.meta.title,
                    column_name=doc.item.l2, column_type=column_type_of(doc.item), description=doc_description(doc),
                    breadcrumbs=[*crumbs, Crumb(title=doc.meta.title)], nav_key=nav_key, doc=view)
        return page, files

    def _attachments(self, doc: Doc) -> tuple[list[Attachment], list[Asset]]:
        titles = {a.file: a.title for a in doc.meta.attachments}
        shown, files = [], []
        for name in doc.source.attachment_files:
            source = self.root / (doc.source.bundle_dir or "") / name
            masked = mask_file(source, doc.masked_kinds) if doc.masked_kinds else None
            shown.append(Attachment(title=titles.get(name) or name, path=self.file_paths[f"{doc.id}/{name}"],
                                    size=size_label(len(masked)) if masked else _size_of(source),
                                    kind=posixpath.splitext(name)[1].lstrip(".").upper()))
            files.append(Asset(path=self.file_paths[f"{doc.id}/{name}"], source=str(source), content=masked))
        return shown, files

    def _doc_links(self, ids: list[str]) -> list[DocLink]:
        links = []
        for doc_id in ids:
            doc = self.public.get(doc_id)
            if doc is None:
                continue
            path = self.view.doc_target(doc_id)
            if path:
                links.append(DocLink(title=doc.meta.title, path=path, published=doc.meta.published))
        return links

    # -- site-wide pages
    def add_site_columns(self) -> None:
        for slug, title, kind, types in SITE_COLUMNS:
            docs = self.by_site_column.get(slug, [])
            self.add_list(f"{slug}/index.html", title, kind, docs, [HOME], slug,
                          f"{self.site.title}{title}栏目：本站各单位发布的{'、'.join(types)}，按发布日期从新到旧排列，共 {len(docs)} 件。")

    def add_directories(self) -> None:
        hosted = [s for s in self.sections if s.role == "hosted"]
        if hosted:
            self.pages.append(Page(
                path="zt/index.html", kind="cards", template="cards.html", title="部门专题", column_name="部门专题",
                column_type="专题专栏", breadcrumbs=[HOME, Crumb(title="部门专题")], nav_key="zt",
                intro="未单独开设网站的部门，在本门户开设政务公开专题页面。",
                description=f"{self.site.title}部门专题：" + "、".join(s.org.name for s in hosted) + "的政务公开专题页面。",
                cards=[Card(title=s.org.name, path=f"{s.prefix}index.html",
                            description=f"{len(s.catalog.catalog.items)} 个标准化栏目") for s in hosted]))
        enterprises = [s for s in self.sections if s.role == "enterprise"]
        if enterprises:
            self.pages.append(Page(
                path="qsy/index.html", kind="cards", template="cards.html", title="公共企事业单位办事服务信息",
                column_name="公共企事业单位", column_type="办事服务",
                breadcrumbs=[HOME, Crumb(title="公共企事业单位")], nav_key="qsy",
                intro="供水、供电、供气、公共交通等与群众生活密切相关的公共企事业单位的办事服务信息。",
                description=excerpt("公共企事业单位办事服务信息：" + "、".join(s.org.name for s in enterprises) + "。"),
                cards=[Card(title=s.org.name, path=f"{s.prefix}index.html", group=s.org.sector,
                            description=(s.org.service.hotline and f"服务热线 {s.org.service.hotline}")
                            if s.org.service else None) for s in enterprises]))

    def add_home(self) -> None:
        blocks = [Block(title=title, path=f"{slug}/index.html",
                        entries=[self.entry(d) for d in self.by_site_column.get(slug, [])[:6]])
                  for slug, title, *_ in SITE_COLUMNS]
        cards = [Card(title=s.org.name, path=f"{s.prefix}index.html",
                      group="部门专题" if s.role == "hosted" else "公共企事业单位")
                 for s in self.sections if s.role != "owner"]
        cards = [Card(title=h.title, path=self._column_path(h.column), group="专栏") for h in self.site.highlights
                  if self._column_path(h.column)] + cards
        owner = self.sections[0]
        groups = [ColumnGroup(title="政府信息公开" if owner.org.kind != "enterprise" else "信息公开", anchor="xxgk",
                              columns=[ColumnLink(title=SECTION_TITLES[slug], path=owner.section_path(slug), count=0)
                                       for slug in owner.parts]
                              + [ColumnLink(title="标准目录", path=f"{owner.root}/ml/index.html", count=0)]
                              + self.links
                              + ([ColumnLink(title="工作台账", path="tz/index.html", count=0)] if self.site.ledger else []))]
        self.pages.append(Page(
            path="index.html", kind="home", template="home.html", title=self.site.title, column_name="首页",
            column_type="首页", nav_key="home", blocks=blocks, cards=cards, groups=groups, org=owner.org,
            description=f"{self.site.title}：{self.site.description}" if self.site.description
            else f"{self.site.title}网站"))

    def _column_path(self, column: str) -> str | None:
        """The page of a column named "<org>/<item>", when the organization's section is on this site."""
        org, _, item_id = column.partition("/")
        section = self.section_of.get(org)
        item = section.catalog.item(item_id) if section else None
        return section.column_path(item) if item else None

    def add_utility_pages(self) -> None:
        self.pages.append(Page(path="search/index.html", kind="search", template="search.html", title="站内搜索",
                               column_name="站内搜索", column_type="搜索",
                               description=f"搜索{self.site.title}网站的政策文件、政策解读、办事指南等政府信息，可以直接输入问题。",
                               breadcrumbs=[HOME, Crumb(title="站内搜索")],
                               nav_key="search"))
        self.pages.append(Page(path="404.html", kind="not_found", template="404.html", title="页面不存在",
                               column_name="404", column_type="其他",
                               description=f"{self.site.title}网站：您访问的页面不存在或已调整位置。"))
        tree = self._site_tree()
        self.pages.append(Page(path="sitemap.html", kind="sitemap", template="sitemap.html", title="网站地图",
                               column_name="网站地图", column_type="其他",
                               description=f"{self.site.title}网站地图：全站栏目和各单位的政府信息公开栏目。",
                               breadcrumbs=[HOME, Crumb(title="网站地图")], groups=tree))

    def add_ledger(self, rows: list[LedgerRow], tables: list[LedgerTable]) -> None:
        """The 工作台账 of this site's organizations (counts only: nothing about withheld documents but their
        number), and the kinds' tables: whole on the site that publishes what they count, else the
        rows of this site's organizations."""
        shown = {s.org.id: s for s in self.sections}
        mine = [r for r in rows if r.org in shown]
        tables = [t if t.site == self.site.id else t.model_copy(update={"rows": [r for r in t.rows if r.org in shown]})
                  for t in tables]
        paths = {f"{r.org}/{r.item}": f"{shown[r.org].root}/{r.page}" if r.page
                 else shown[r.org].column_path(shown[r.org].catalog.item(r.item)) for r in mine}
        intro = f"按政务公开标准目录逐栏目统计，统计日期 {self.today.isoformat()}。"
        self.pages.append(Page(
            path="tz/index.html", kind="ledger", template="ledger.html", title="政务公开工作台账", column_name="工作台账",
            column_type="信息公开目录", description=f"{self.site.title}政务公开工作台账：{intro}",
            breadcrumbs=[HOME, Crumb(title="政务公开工作台账")], intro=intro, ledger=mine, column_paths=paths,
            ledger_tables=[t for t in tables if t.rows]))

    def _site_tree(self) -> list[ColumnGroup]:
        columns = [ColumnLink(title=title, path=f"{slug}/index.html", count=len(self.by_site_column.get(slug, [])))
                   for slug, title, *_ in SITE_COLUMNS]
        columns += self.links
        if self.site.ledger:
            columns.append(ColumnLink(title="政务公开工作台账", path="tz/index.html", count=0))
        groups = [ColumnGroup(title="栏目", anchor="lm", columns=columns)]
        for section in self.sections:
            columns = [ColumnLink(title=f"{section.root_title}（{section.org.name}）", path=f"{section.root}/index.html",
                                  count=0)]
            columns += [c for g in self._groups(section, section.catalog.catalog.items) for c in g.columns]
            for group in self.section_groups.get(section.org.id, []):
                columns += [ColumnLink(title=group.title, path=group.path, count=0)] if group.path else []
                columns += group.columns
            groups.append(ColumnGroup(title=section.org.name, anchor=section.org.id, columns=columns))
        return groups

    def site_build(self, document_pages: list[Page], attachments: list[Asset]) -> SiteBuild:
        return SiteBuild(config=self.site, url=self.config.site_url(self.site), owner=self.sections[0].org,
                         nav=self.nav(), pages=self.pages + document_pages, assets=self.assets + attachments,
                         doc_paths=self.doc_paths, file_paths=self.file_paths)

    def nav(self) -> list[NavItem]:
        owner = self.sections[0]
        items = [NavItem(key="home", title="首页", path="index.html"),
                 NavItem(key="zfxxgk", title=owner.root_title, path=f"{owner.root}/index.html")]
        items += [NavItem(key=slug, title=title, path=f"{slug}/index.html") for slug, title, *_ in SITE_COLUMNS
                  if slug in ("zcwj", "zcjd", "gzdt", "tzgg", "bszn")]
        if any(s.role == "hosted" for s in self.sections):
            items.append(NavItem(key="zt", title="部门专题", path="zt/index.html"))
        if any(s.role == "enterprise" for s in self.sections):
            items.append(NavItem(key="qsy", title="公共企事业单位", path="qsy/index.html"))
        return items + self.nav_items


def _lay_out_site(root: Path, site: SiteConfig, config: PlatformConfig, sections: list[Section], homes: Homes,
                  public: dict[str, Doc], shared: dict[str, list[str | None]], reporter: Reporter,
                  exports: dict[str, CatalogFiles], today: date, ledger: list[LedgerRow],
                  contents: Contents, ledger_tables: list[LedgerTable],
                  docs_of: tuple[dict[str, list[str]], dict[str, int]]) -> _SiteBuilder:
    """A site with every page but its documents' own (`_SiteBuilder.document_page`).  `docs_of`: each
    organization's public documents (plan.documents_by_org) and every document's rank, in the platform's order."""
    builder = _SiteBuilder(root, site, config, sections, homes, public, shared, reporter, exports, today, contents)
    builder.place_documents(*docs_of)
    for section in sections:
        builder.add_section(section)
    builder.add_site_columns()
    builder.add_kind_sections()
    builder.add_directories()
    builder.add_home()
    builder.add_utility_pages()
    if site.ledger:
        builder.add_ledger(ledger, ledger_tables)
    site_url = config.site_url(site)
    if site_url:
        dated = {path: public[doc_id].meta.published for doc_id, path in builder.doc_paths.items()}
        builder.assets.append(Asset(path="sitemap.xml", content=_sitemap_xml(site_url, builder.pages, dated)))
    return builder


def _sitemap_xml(site_url: str, pages: list[Page], documents: dict[str, date]) -> bytes:
    """`pages` and the pages of `documents` (path -> published)."""
    from xml.sax.saxutils import escape

    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    dated = {page.path: None for page in pages if page.kind not in ("not_found", "search")} | documents
    for path in sorted(dated):
        lastmod = f"<lastmod>{dated[path].isoformat()}</lastmod>" if dated[path] else ""
        lines.append(f"  <url><loc>{escape(site_url + path)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _title(name: str, section: Section) -> str:
    return name if section.role == "owner" else f"{section.org.name}{name}"


def _size_of(path: Path) -> str:
    try:
        return size_label(path.stat().st_size)
    except OSError:
        return ""
