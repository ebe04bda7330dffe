"""The portal's 规章和规范性文件库 (一网通查): every 规章 and 行政规范性文件 of the platform, on every
portal, by issuing organization, year and validity, with a combined query that works from disk and
the library's data as JSON for a provincial database.

A kind of content (kinds.py): it places other organizations' documents on a portal (`shares`) and
makes the library's pages (`site_part`); its template and script are in templates/ and static/.
"""

from __future__ import annotations

import json

from ..documents import Doc
from ..layout import HOME, Section, SitePart, SiteView, list_pages, newest_first
from ..models import SiteConfig
from ..pages import Asset, ColumnGroup, ColumnLink, Crumb

FOLDER = "gfxwjk"
TITLE = "规章和规范性文件库"
VALIDITY_SLUGS = {"有效": "valid", "已修改": "amended", "废止": "repealed", "失效": "expired", "尚未生效": "pending"}
INTRO = "本平台全部单位的政府规章和行政规范性文件，可按发布机构、年份和有效性查询。"


def shares(site: SiteConfig, sections: list[Section], public: dict[str, Doc]) -> list[str]:
    """On a portal, the 规章 and 规范性文件 of organizations the portal does not show."""
    if site.kind != "portal":
        return []
    shown = {s.org.id for s in sections}
    return [doc.id for doc in public.values() if doc.meta.category and doc.org.id not in shown]


def site_part(view: SiteView, data: None = None) -> SitePart | None:
    """The library's pages on a portal: all of it, then each organization's, year's and validity's
    documents, each paginated; and its data as library.json and library.js."""
    if view.site.kind != "portal":
        return None
    docs = sorted((view.public[i] for i in view.doc_paths if view.public[i].meta.category), key=newest_first)
    facets = _facets(docs)
    groups = [ColumnGroup(title=dimension, anchor=f"f{n}", columns=[
        ColumnLink(title=label, path=path, count=len(members)) for dim, label, path, members in facets
        if dim == dimension]) for n, dimension in enumerate(("发布机构", "年份", "有效性"), 1)]
    entries = {doc.id: view.entry(doc) for doc in docs}
    size = view.config.page_size
    main = f"{FOLDER}/index.html"
    pages = list_pages(main, TITLE, "政策文件", list(entries.values()), [HOME], "zcwj", INTRO, size, INTRO,
                       "library.html", "library", groups)
    crumbs = [HOME, Crumb(title=TITLE, path=main)]
    for dimension, label, path, members in facets:
        which = f"有效性为“{label}”的" if dimension == "有效性" else f"{label}发布的"
        pages += list_pages(path, f"{TITLE}：{label}", "政策文件", [entries[d.id] for d in members], crumbs, "zcwj",
                            f"{view.config.name}{TITLE}中{which}规章和行政规范性文件，共 {len(members)} 件。", size,
                            f"{dimension}：{label}", "library.html", "library", groups)
    records = [_record(view, d) for d in docs]
    payload = {"name": f"{view.config.name}{TITLE}", "site": view.site.id, "count": len(records),
               "documents": records}
    script = "window.GONGKAI_LIBRARY = " + json.dumps(payload, ensure_ascii=False, sort_keys=True) + ";\n"
    assets = [Asset(path=f"{FOLDER}/library.json", content=(json.dumps(
                  payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")),
              Asset(path=f"{FOLDER}/library.js", content=script.encode("utf-8"))]
    return SitePart(pages=pages, assets=assets, link=ColumnLink(title=TITLE, path=main, count=len(docs)))


def _facets(docs: list[Doc]) -> list[tuple[str, str, str, list[Doc]]]:
    """(dimension, label, first page, documents) of each organization, year and validity present."""
    facets = []
    for org in sorted({d.org.id: d.org for d in docs}.values(), key=lambda o: o.code):
        facets.append(("发布机构", org.name, f"{FOLDER}/org/{org.id}/index.html", [d for d in docs if d.org.id == org.id]))
    for year in sorted({d.meta.published.year for d in docs}, reverse=True):
        facets.append(("年份", f"{year}年", f"{FOLDER}/year/{year}/index.html",
                       [d for d in docs if d.meta.published.year == year]))
    for validity, slug in VALIDITY_SLUGS.items():
        matching = [d for d in docs if d.meta.validity == validity]
        if matching:
            facets.append(("有效性", validity, f"{FOLDER}/validity/{slug}/index.html", matching))
    return facets


def _record(view: SiteView, doc: Doc) -> dict:
    """One document of the library, as exported for a provincial database."""
    meta = doc.meta
    page = view.doc_paths[doc.id]
    return {
        "id": doc.id, "title": meta.title, "category": meta.category, "doc_number": meta.doc_number,
        "reg_no": meta.reg_no, "index_no": doc.index_no, "issuer": doc.org.name, "issuer_code": doc.org.code,
        "written": meta.written.isoformat(), "published": meta.published.isoformat(),
        "effective_from": meta.effective_from.isoformat() if meta.effective_from else None,
        "effective_to": meta.effective_to.isoformat() if meta.effective_to else None,
        "validity": meta.validity, "amended_by": meta.amended_by, "repealed_by": meta.repealed_by,
        "amends": doc.amends, "repeals": doc.repeals, "topic": meta.topic_label or None,
        "path": page, "url": view.external_url(doc.id) or (view.config.site_url(view.site) or "") + page,
    }
