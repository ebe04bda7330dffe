"""The kinds of content besides documents, and the one seam where each meets the pipeline.

A kind lives in its own package — model, checks, pages, templates and scripts together — and
declares here what it does at each point of the pipeline; build.py and assemble.py call every kind
in `KINDS` the same way and know none of them by name.  A new kind is a package and one entry below.

    load       (project, platform, catalogs, reporter, cache) -> data   after the documents are read
    check      (data, catalogs, public ids, known ids, reporter)  once documents are resolved
    cites      (data, catalogs) -> ids of the documents its content names (a shard reads them, shards.py)
    shares     ([(site, sections)], public) -> {site id: ids of other organizations' documents it places
               there}: one call for every site, so a kind goes through the platform's documents once
    lists      (site, public) -> ids of documents not placed on the site that its pages list (linking to
               them elsewhere): a shard that builds the site reads their front matter (shards.py)
    column     (view, section, item, crumbs, data) -> SitePart | None   a catalog column it owns
    site_part  (view, data) -> SitePart | None                         its own section of a site
    section_part (view, section, crumbs, data) -> [SitePart]   its pages in an organization's section
    search     (page, site) -> [IndexDocument]   one of its pages as documents of the site's index (none if
               the page is not the kind's; several for parts of a page, each found at its anchor)
    ledger     (data, LedgerInputs, reporter | None) -> LedgerPart   its rows and tables of the 工作台账,
               sites judged against the inspection rubric, and its compliance findings (reported only
               with a reporter: gongkai check); LedgerInputs also holds the catalog columns' rows and
               every kind's data, read-only
    (SiteView.contents: every kind's data, read-only, for a hook that counts another kind's, e.g. messages)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .library import federation, pages as library
from .consultation import checks as consultation_checks, pages as consultation
from .gazette import pages as gazette_pages, stage as gazette_stage
from .interaction import pages as interaction_pages, stage as interaction
from .ledger import LedgerInputs, LedgerPart
from .layout import Section, SitePart, SiteView, column_type_of
from .models import CatalogItem
from .pages import Crumb
from .records.model import Tables
from .records import search as records_search
from .records.pages import column_pages
from .records.stage import check_documents, cited as records_cited, load_tables
from .site_report import pages as site_report_pages, stage as site_report
from .ysqgk import pages as ysqgk_pages
from .ysqgk import stage as ysqgk_stage

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Kind:
    name: str
    folder: Path  # holds the kind's templates/ and static/ (after a theme's own: a theme overrides them by name)
    load: Callable | None = None
    check: Callable | None = None
    cites: Callable | None = None
    shares: Callable | None = None
    lists: Callable | None = None
    column: Callable | None = None
    site_part: Callable | None = None
    section_part: Callable | None = None
    ledger: Callable | None = None
    search: Callable | None = None


def _records_column(view: SiteView, section: Section, item: CatalogItem, crumbs: list[Crumb],
                    tables: Tables) -> SitePart | None:
    """A catalog item with `records:` publishes its table (records/pages.py)."""
    if not item.records:
        return None
    pages, assets, cited = column_pages(section.org, item, tables.get((section.org.id, item.id), []),
                                        section.column_path(item), crumbs, section.nav_key, column_type_of(item),
                                        view.doc_target)
    return SitePart(pages=pages, assets=assets, citations={doc_id: [c] for doc_id, c in cited.items()})


def _findings(audit: Callable) -> Callable:
    """The ledger hook of a kind with compliance findings but no rows or tables of its own."""
    def ledger(data, inputs: LedgerInputs, reporter):
        if reporter:
            audit(data, inputs.public, inputs.config, inputs.today, reporter)
        return LedgerPart()
    return ledger


KINDS = [
    Kind("records", HERE / "records", load=load_tables, check=check_documents, cites=records_cited, column=_records_column,
         search=records_search.entries),
    Kind("library", HERE / "library", load=federation.load, shares=library.shares, lists=library.lists,
         site_part=library.site_part),
    Kind("consultation", HERE / "consultation", shares=consultation.shares, site_part=consultation.site_part,
         ledger=_findings(consultation_checks.audit)),
    Kind("gazette", HERE / "gazette", load=gazette_stage.load, check=gazette_stage.check, cites=gazette_stage.cited,
         site_part=gazette_pages.site_part, search=gazette_pages.search, ledger=_findings(gazette_stage.audit)),
    Kind("interaction", HERE / "interaction", load=interaction.load, check=interaction.check_documents, cites=interaction.cited,
         site_part=interaction_pages.site_part, search=interaction_pages.search, ledger=interaction.ledger),
    Kind("ysqgk", HERE / "ysqgk", load=ysqgk_stage.load, section_part=ysqgk_pages.section_parts,
         ledger=ysqgk_stage.ledger_rows, search=ysqgk_pages.search_entry),
    Kind("site_report", HERE / "site_report", load=site_report.load, site_part=site_report_pages.site_part,
         ledger=site_report.ledger, search=site_report_pages.search),
]

Contents = dict[str, object]  # kind name -> what its `load` returned


def folders(name: str) -> list[Path]:
    """Every kind's `templates` or `static` folder."""
    return [kind.folder / name for kind in KINDS if (kind.folder / name).is_dir()]
