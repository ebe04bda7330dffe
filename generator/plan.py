"""Plan stage of assemble: which organizations each site shows and in what role, each
organization's canonical home, which documents each site shows besides its organizations' own;
and the checks on all of it (sites, hosts, highlights, `also`, best bets).
"""

from __future__ import annotations

from collections import defaultdict

from .diagnostics import Reporter, did_you_mean
from .documents import Doc
from .kinds import KINDS
from .layout import SITE_COLUMNS, Homes, Section
from .loading import LoadedCatalog, LoadedPlatform
from .models import PlatformConfig
from .pages import Locations

SECTOR_ORDER = ["教育", "卫生健康", "供水", "供电", "供气", "供热", "环境保护", "公共交通"]


def plan(platform: LoadedPlatform, catalogs: dict[str, LoadedCatalog], public: dict[str, Doc], reporter: Reporter,
          unreadable: frozenset[str]) -> tuple[dict[str, list[Section]], dict, dict[str, dict[str, list[str]]]]:
    """Which organizations each site shows, each organization's home, which documents each site
    shows besides its organizations' own; and the checks on all of it."""
    config = platform.config
    _check_sites(platform, catalogs, reporter, unreadable)
    sections = sections_by_site(config, catalogs, reporter)
    _check_highlights(platform, sections, reporter)
    homes = _home_sections(config, sections)
    shared = shared_targets(public, config, sections, reporter)
    for query, ids in config.search.best_bets.items():
        for index, doc_id in enumerate(ids):
            if doc_id not in public:
                reporter.report("E409", platform.at("search", "best_bets", query, index), query=query, doc=doc_id,
                                suggest=did_you_mean(doc_id, public, "文档"))
    if not config.base_url:
        reporter.report("W101", platform.at())
    return sections, homes, dict(shared)


# ---------------------------------------------------------------- checks and resolution

def _check_highlights(platform: LoadedPlatform, sections: dict[str, list[Section]], reporter: Reporter) -> None:
    """A home page's 专栏 names a column of an organization the site shows (E111)."""
    for index, site in enumerate(platform.config.sites):
        columns = [f"{s.org.id}/{i.id}" for s in sections.get(site.id, []) for i in s.catalog.catalog.items]
        for number, highlight in enumerate(site.highlights):
            if highlight.column not in columns:
                reporter.report("E111", platform.at("sites", index, "highlights", number, "column"),
                                title=highlight.title, column=highlight.column,
                                suggest=did_you_mean(highlight.column, columns, "栏目"))


def _check_sites(platform: LoadedPlatform, catalogs: dict[str, LoadedCatalog], reporter: Reporter,
                 unreadable: frozenset[str]) -> None:
    seen: set[str] = set()
    hosted_by: dict[str, list[str]] = defaultdict(list)
    for index, site in enumerate(platform.config.sites):
        if site.id in seen:
            reporter.report("E106", platform.at("sites", index, "id"), site=site.id)
        seen.add(site.id)
        if site.org not in catalogs and site.org not in unreadable:
            reporter.report("E105", platform.at("sites", index, "org"), site=site.id, org=site.org,
                            suggest=did_you_mean(site.org, catalogs, "组织"))
        for host_index, org in enumerate(site.hosts):
            if org not in catalogs and org not in unreadable:
                reporter.report("E105", platform.at("sites", index, "hosts", host_index), site=site.id, org=org,
                                suggest=did_you_mean(org, catalogs, "组织"))
            hosted_by[org].append(site.id)
    for org, sites in hosted_by.items():
        if len(sites) > 1:
            index = next(i for i, s in enumerate(platform.config.sites) if s.id == sites[-1])
            reporter.report("E107", platform.at("sites", index, "hosts"), org=org, sites="、".join(sites))
    shown = {s.org for s in platform.config.sites} | set(hosted_by)
    if any(s.enterprises for s in platform.config.sites):
        shown |= {o for o, c in catalogs.items() if c.org.kind == "enterprise"}
    for org, loaded in catalogs.items():
        if org not in shown:
            reporter.report("W201", loaded.at("org", "id"), org=org)


# ---------------------------------------------------------------- which organizations each site shows

def sections_by_site(config: PlatformConfig, catalogs: dict[str, LoadedCatalog],
                     reporter: Reporter | None = None) -> dict[str, list[Section]]:
    """Each site's sections: its own organization's, then its hosted departments' (专题) and, on a
    portal with `enterprises: true`, the public enterprises' (also read by kinds before assemble)."""
    result: dict[str, list[Section]] = {}
    enterprises = [c for c in catalogs.values() if c.org.kind == "enterprise"]
    for site in config.sites:
        if site.org not in catalogs:
            continue
        sections = [Section(catalogs[site.org].org, "owner", "", catalogs[site.org])]
        sections += [Section(catalogs[o].org, "hosted", f"zt/{o}/", catalogs[o])
                     for o in site.hosts if o in catalogs and o != site.org]
        if site.enterprises:
            sections += [Section(c.org, "enterprise", f"qsy/{c.org.id}/", c)
                         for c in sorted(enterprises, key=lambda c: (_sector_rank(c.org.sector), c.org.id))
                         if c.org.id != site.org]
        result[site.id] = sections
    return result


def _home_sections(config: PlatformConfig, sections: dict[str, list[Section]]) -> Homes:
    """Each organization's canonical place: its own site, else the portal hosting it."""
    homes: Homes = {}
    for role in ("owner", "hosted", "enterprise"):
        for site in config.sites:
            for section in sections.get(site.id, []):
                if section.role == role:
                    homes.setdefault(section.org.id, (site, section))
    return homes


def shared_targets(public: dict[str, Doc], config: PlatformConfig, sections: dict[str, list[Section]],
                   reporter: Reporter) -> dict[str, dict[str, list[str | None]]]:
    """site id -> document id -> columns named by `also` ('' = the site column for its type; None:
    placed for a kind of content, in no column)."""
    site_columns = {slug for slug, *_ in SITE_COLUMNS}
    valid: set[str] = set()
    for site in config.sites:
        valid.add(site.id)
        valid |= {f"{site.id}/{slug}" for slug in site_columns}
        valid |= {f"{site.id}/{i.id}" for s in sections.get(site.id, []) for i in s.catalog.catalog.items}
    shared: dict[str, dict[str, list[str | None]]] = defaultdict(dict)
    for doc in public.values():
        for index, target in enumerate(doc.meta.also):
            if target not in valid:
                reporter.report("E406", doc.source.at("also", index), target=target,
                                suggest=did_you_mean(target, valid, "共享位置"))
                continue
            site_id, _, column = target.partition("/")
            shared[site_id].setdefault(doc.id, []).append(column)
    sites = [(site, sections[site.id]) for site in config.sites if site.id in sections]
    for kind in (k for k in KINDS if k.shares):  # documents a kind places on a site without a column
        for site_id, doc_ids in kind.shares(sites, public).items():
            for doc_id in doc_ids:
                shared[site_id].setdefault(doc_id, []).append(None)
    return shared


def documents_by_org(public: dict[str, Doc]) -> dict[str, list[str]]:
    """Each organization's public documents, in the platform's order."""
    by_org: dict[str, list[str]] = defaultdict(list)
    for doc_id, doc in public.items():
        by_org[doc.org.id].append(doc_id)
    return by_org


def shown_documents(sections: list[Section], shared: dict[str, list[str | None]], by_org: dict[str, list[str]],
                    public: dict[str, Doc]) -> list[str]:
    """The documents a site shows: its organizations' (`by_org`: documents_by_org) and the public
    ones shared in (`shared`: its part of shared_targets), each once."""
    shown = dict.fromkeys(doc_id for section in sections for doc_id in by_org.get(section.org.id, ()))
    shown.update(dict.fromkeys(doc_id for doc_id in shared if doc_id in public))
    return list(shown)


def first_locations(config: PlatformConfig, sections: dict[str, list[Section]],
                    shared: dict[str, dict[str, list[str | None]]], public: dict[str, Doc]) -> Locations:
    """Each public document's and attachment's first place on the platform: the first site in
    platform.yaml's order that shows it (its organization's or shared in), at the path that site
    gives it (assemble's `place_documents`).  From the plan alone, so a shard knows it for documents
    it does not read."""
    by_org = documents_by_org(public)
    documents: dict[str, tuple[str, str]] = {}
    files: dict[str, tuple[str, str]] = {}
    for site in config.sites:
        if site.id not in sections:
            continue
        site_sections = {s.org.id: s for s in sections[site.id]}
        for doc_id in shown_documents(sections[site.id], shared.get(site.id, {}), by_org, public):
            if doc_id in documents:
                continue
            doc = public[doc_id]
            section = site_sections.get(doc.org.id)
            path = section.doc_path(doc_id) if section else f"gx/{doc_id}/index.html"
            documents[doc_id] = (site.id, path)
            folder = path.rpartition("/")[0]
            for name in doc.source.attachment_files:
                files[f"{doc_id}/{name}"] = (site.id, f"{folder}/{name}")
    return Locations(documents=documents, files=files)


def _sector_rank(sector: str | None) -> tuple[int, str]:
    """条例第五十五条 order: 教育、卫生健康、供水、供电、供气、供热、环境保护、公共交通, then others."""
    return (SECTOR_ORDER.index(sector) if sector in SECTOR_ORDER else len(SECTOR_ORDER), sector or "")
