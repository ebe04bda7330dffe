"""The kinds of content besides documents, and the one seam where each meets the pipeline.

A kind lives in its own package — model, checks, pages, templates and scripts together — and
declares here what it does at each point of the pipeline; build.py and assemble.py call every kind
in `KINDS` the same way and know none of them by name.  A new kind (gazette issues, messages,
applications …) is a package and one entry below.

    load       (project, catalogs, reporter, cache) -> data   after the documents are read
    check      (data, catalogs, public ids, known ids, reporter)  once documents are resolved
    shares     (site, sections, public) -> ids of other organizations' documents it places on a site
    column     (view, section, item, crumbs, data) -> SitePart | None   a catalog column it owns
    site_part  (view, data) -> SitePart | None                         its own section of a site
    section_part (view, section, crumbs, data) -> [SitePart]   its pages in an organization's section
    ledger     (data, catalogs, documents, today, reporter | None) -> [LedgerRow]   its rows of the 工作台账
               (and, given a reporter, i.e. in `gongkai check`, its compliance findings)
    search     (page, site) -> IndexDocument | None   one of its pages as a document of the site's index
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import library
from .layout import Section, SitePart, SiteView, column_type_of
from .models import CatalogItem
from .pages import Crumb
from .records.model import Tables
from .records.pages import column_pages
from .records.stage import check_documents, load_tables
from .ysqgk import pages as ysqgk_pages
from .ysqgk import stage as ysqgk_stage

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Kind:
    name: str
    folder: Path  # holds the kind's templates/ and static/ (after a theme's own: a theme overrides them by name)
    load: Callable | None = None
    check: Callable | None = None
    shares: Callable | None = None
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


KINDS = [
    Kind("records", HERE / "records", load=load_tables, check=check_documents, column=_records_column),
    Kind("library", HERE / "library", shares=library.shares, site_part=library.site_part),
    Kind("ysqgk", HERE / "ysqgk", load=ysqgk_stage.load, section_part=ysqgk_pages.section_parts,
         ledger=ysqgk_stage.ledger_rows, search=ysqgk_pages.search_entry),
]

Contents = dict[str, object]  # kind name -> what its `load` returned


def folders(name: str) -> list[Path]:
    """Every kind's `templates` or `static` folder."""
    return [kind.folder / name for kind in KINDS if (kind.folder / name).is_dir()]
