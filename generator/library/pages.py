"""The 规章和规范性文件库's pages on each portal (`site_part`), with the documents of other platforms'
libraries merged in (federation.py), and the documents of organizations a portal does not show
placed on it (`shares`)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, replace

from ..documents import Doc
from ..layout import HOME, Section, SitePart, SiteView, list_pages, not_shown
from ..models import Organization, SiteConfig
from ..pages import Asset, ColumnGroup, ColumnLink, Crumb, Entry
from .federation import Federation, FederatedEntry
from .model import CATEGORIES
from .query import QueryRow, query_files

FOLDER = "gfxwjk"
TITLE = "规章和规范性文件库"
VALIDITY_SLUGS = {"有效": "valid", "已修改": "amended", "废止": "repealed", "失效": "expired", "尚未生效": "pending"}
INTRO = "本平台全部单位的政府规章和行政规范性文件，可按发布机构、年份和有效性查询。"
INTRO_LINKED = "本平台全部单位的政府规章和行政规范性文件，可按发布机构、年份和有效性查询；其他单位的文件链接到发布单位网站上的原文。"
INTRO_OWN = "本站各单位的政府规章和行政规范性文件，可按发布机构、年份和有效性查询。"
INTRO_MERGED = "本平台全部单位和{sources}的政府规章和行政规范性文件，可按发布机构、年份、有效性和来源查询。"
ISSUERS_ON_EVERY_PAGE = 60  # more issuing organizations than this are listed on the library's first page only
LOCAL = "本平台"  # the 来源 of the platform's own documents, beside other platforms' (一网通查): the first
#                  来源 facet and head.js's first source, where library.html and library.js look for it
#                  (a link to another site of this platform names its issuer, not a 来源)


def shares(sites: list[tuple[SiteConfig, list[Section]]], public: dict[str, Doc]) -> dict[str, list[str]]:
    """On each portal, the 规章 and 规范性文件 of organizations the portal does not show: all of them
    (`library_scope: platform`), those of organizations no site shows (`linked`: the library links to
    the others' own pages), none (`own`)."""
    portals = [(site, sections) for site, sections in sites if site.kind == "portal" and site.library_scope != "own"]
    rules = [doc for doc in public.values() if doc.meta.category] if portals else []
    homeless = []
    if any(site.library_scope == "linked" for site, _ in portals):
        shown = {section.org.id for _, sections in sites for section in sections}
        homeless = [doc for doc in rules if doc.org.id not in shown]
    return {site.id: not_shown(homeless if site.library_scope == "linked" else rules, sections)
            for site, sections in portals}


def lists(site: SiteConfig, public: dict[str, Doc]) -> set[str]:
    """The documents a portal's `linked` library lists without placing them: every 规章 and 规范性文件
    (a shard that builds the portal reads their front matter, shards.py)."""
    if site.kind != "portal" or site.library_scope != "linked":
        return set()
    return {doc_id for doc_id, doc in public.items() if doc.meta.category}


def site_part(view: SiteView, data: Federation | None = None) -> SitePart | None:
    """The library's pages on a portal: all of it, then each organization's, year's, validity's and
    (with other platforms merged in) source's documents, each paginated; its data as library.json,
    and what the combined query reads (query.py)."""
    if view.site.kind != "portal":
        return None
    federation = data or Federation()
    merged = bool(federation.sources)
    rows = [_Row(view.entry(d), _record(view, d), d.org) for d in
            (view.public[i] for i in view.doc_paths if view.public[i].meta.category)]
    if view.site.library_scope == "linked":
        rows += [row for doc_id, doc in view.public.items()
                 if doc.meta.category and doc_id not in view.doc_paths and (row := _linked(view, doc))]
    if merged:  # (library.json leaves their source empty: a platform that merges it in turn names this one)
        rows = [replace(row, entry=replace(row.entry, source=LOCAL)) for row in rows]
    rows += [_federated(entry) for entry in federation.entries]
    rows.sort(key=lambda row: (-row.entry.published.toordinal(), row.entry.id))
    facets = _facets(rows, federation)
    dimensions = ("发布机构", "年份", "有效性", "来源") if merged else ("发布机构", "年份", "有效性")
    groups = [ColumnGroup(title=dimension, anchor=f"f{n}", columns=[
        ColumnLink(title=label, path=path, count=len(members)) for dim, label, path, members in facets
        if dim == dimension]) for n, dimension in enumerate(dimensions, 1)]
    main = f"{FOLDER}/index.html"
    # a province's library has thousands of issuers: listed on its first page only, the others link
    # there (and library.js offers them all in the query), or each of its pages would carry them all
    short = groups if len(groups[0].columns) <= ISSUERS_ON_EVERY_PAGE else \
        [replace(groups[0], columns=[], path=main), *groups[1:]]
    intro = (INTRO_MERGED.format(sources="、".join(name for _, name in federation.sources)) if merged
             else INTRO_OWN if view.site.library_scope == "own" else INTRO_LINKED if view.site.library_scope == "linked"
             else INTRO)
    size = view.config.page_size
    pages = list_pages(main, TITLE, "政策文件", [row.entry for row in rows], [HOME], "zcwj", intro, size, intro,
                       "library.html", "library", groups)
    pages[1:] = [replace(page, groups=short) for page in pages[1:]]
    crumbs = [HOME, Crumb(title=TITLE, path=main)]
    for dimension, label, path, members in facets:
        which = f"{dimension}为“{label}”的" if dimension in ("有效性", "来源") else f"{label}发布的"
        pages += list_pages(path, f"{TITLE}：{label}", "政策文件", [row.entry for row in members], crumbs, "zcwj",
                            f"{view.config.name}{TITLE}中{which}规章和行政规范性文件，共 {len(members)} 件。", size,
                            f"{dimension}：{label}", "library.html", "library", short)
    payload = {"name": f"{view.config.name}{TITLE}", "site": view.site.id, "count": len(rows),
               "documents": [row.record for row in rows]}
    if merged:
        payload["sources"] = [LOCAL] + [name for _, name in federation.sources]
    queried = [QueryRow(title=row.entry.title, doc_number=row.entry.doc_number, issuer=row.entry.org_name,
                        published=row.entry.published, validity=row.entry.validity,
                        category=row.record["category"], link=row.entry.path,
                        source=row.source, shown=row.entry.source or "") for row in rows]
    assets = [Asset(path=f"{FOLDER}/library.json", content=(json.dumps(
                  payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")),
              *query_files(f"{FOLDER}/data", queried, list(VALIDITY_SLUGS), list(CATEGORIES),
                          payload.get("sources", []), size)]
    return SitePart(pages=pages, assets=assets, link=ColumnLink(title=TITLE, path=main, count=len(rows)))


@dataclass(frozen=True)
class _Row:
    """A document of the library: as its lists show it, as library.json exports it, and its
    organization on this platform (None for another platform's)."""

    entry: Entry
    record: dict
    org: Organization | None = None
    source: int = 0  # 0: this platform; else the number of the source it was merged from


def _linked(view: SiteView, doc: Doc) -> _Row | None:
    """A document of another site of the platform, in a `linked` library: listed here, linking to its
    page on its own site (None when no site shows its organization)."""
    link = view.home_link(doc.id)
    return _Row(view.entry(doc, link), _record(view, doc, link), doc.org) if link else None


def _federated(entry: FederatedEntry) -> _Row:
    """Another platform's document: listed with its source, linking to its page there."""
    record = entry.record
    shown = Entry(id=f"{entry.number}:{record.id}", title=record.title, path=entry.link, published=record.published,
                  type="文件", org_name=record.issuer, doc_number=record.doc_number, validity=record.validity,
                  source=entry.source)
    exported = record.model_dump(mode="json", exclude={"path", "url", "source"}) | {
        "amended_by": [], "repealed_by": None, "amends": [], "repeals": [], "path": None, "url": entry.link,
        "source": entry.source}
    return _Row(shown, exported, None, entry.number)


def _facets(rows: list[_Row], federation: Federation) -> list[tuple[str, str, str, list[_Row]]]:
    """(dimension, label, first page, documents) of each organization, year, validity and source present."""
    orgs: dict[str, list[_Row]] = defaultdict(list)
    years: dict[int, list[_Row]] = defaultdict(list)
    validities: dict[str | None, list[_Row]] = defaultdict(list)
    sources: dict[int, list[_Row]] = defaultdict(list)
    for row in rows:  # one pass, each list in the rows' order
        if row.org:
            orgs[row.org.id].append(row)
        years[row.entry.published.year].append(row)
        validities[row.entry.validity].append(row)
        sources[row.source].append(row)
    facets = [("发布机构", members[0].org.name, f"{FOLDER}/org/{org_id}/index.html", members)
              for org_id, members in sorted(orgs.items(), key=lambda item: item[1][0].org.code)]
    facets += [("年份", f"{year}年", f"{FOLDER}/year/{year}/index.html", years[year]) for year in sorted(years, reverse=True)]
    facets += [("有效性", validity, f"{FOLDER}/validity/{slug}/index.html", validities[validity])
               for validity, slug in VALIDITY_SLUGS.items() if validity in validities]
    if federation.sources:
        facets += [("来源", name, f"{FOLDER}/source/{number}/index.html", sources[number])
                   for number, name in [(0, LOCAL), *federation.sources]]
    return facets


def _record(view: SiteView, doc: Doc, link: str | None = None) -> dict:
    """One document of the library, as exported for a provincial database; `link`: where a document
    not placed on this site is (path None)."""
    meta = doc.meta
    page = view.doc_paths.get(doc.id)
    url = link if page is None else view.external_url(doc.id) or (view.config.site_url(view.site) or "") + page
    return {
        "id": doc.id, "title": meta.title, "category": meta.category, "doc_number": meta.doc_number,
        "reg_no": meta.reg_no, "index_no": doc.index_no, "issuer": doc.org.name, "issuer_code": doc.org.code,
        "written": meta.written.isoformat(), "published": meta.published.isoformat(),
        "effective_from": meta.effective_from.isoformat() if meta.effective_from else None,
        "effective_to": meta.effective_to.isoformat() if meta.effective_to else None,
        "validity": meta.validity, "amended_by": meta.amended_by, "repealed_by": meta.repealed_by,
        "amends": doc.amends, "repeals": doc.repeals, "topic": meta.topic_label or None,
        "path": page, "url": url,
        "source": None,
    }
