"""A records column's pages in the site's search index (the kind's `search` hook, kinds.py): a row
is found at the page that shows it.  The cells are the published ones: personal fields were masked
when the table was read."""

from __future__ import annotations

from datetime import date

from ..pages import Page, SiteBuild
from ..search_index import IndexDocument

# a table page holds dozens of rows that repeat the same words (a policy's name on every row of its
# fund list): weighed as a document, it would outrank the policy itself for that policy's name; so
# would the hundreds of rows' own pages of a table with detail pages
TABLE_WEIGHT = 0.5


def entries(page: Page, site: SiteBuild) -> list[IndexDocument]:
    """A row's own page; a table page, unless its rows have pages of their own or it shows one facet
    value's rows (found on the whole table's pages); nothing for any other page."""
    if page.kind == "record":
        return [record_entry(page, site)]
    if page.kind == "records" and not page.view.filtered and not page.view.detail:
        return [table_entry(page, site)]
    return []


def table_entry(page: Page, site: SiteBuild) -> IndexDocument:
    """A page of a records column as a document of the index, each row a section anchored at the row,
    so that a search for a project, an account or an enterprise finds the page that shows it."""
    table = page.view
    sections = [(f"r{table.first + n}", next((c.text for c in row if c.text), ""),
                 "；".join(c.text for c in row if c.text), "") for n, row in enumerate(table.rows)]
    return _records_entry(page, site, page.title, table.updated, sections)


def record_entry(page: Page, site: SiteBuild) -> IndexDocument:
    """A row's own page (a table with `detail: true`) as a document of the index, titled by the table
    and the row, each other field a section anchored where the page shows it: the fields the table
    pages leave out are found too."""
    row = page.view
    sections = [(f"f{n}", name, cell.text, "") for n, (name, cell) in enumerate(row.fields, start=1)
                if cell.text and cell.text != page.title]
    return _records_entry(page, site, f"{row.caption}：{page.title}", row.updated, sections)


def _records_entry(page: Page, site: SiteBuild, title: str, updated: date | None,
                   sections: list[tuple[str, str, str, str]]) -> IndexDocument:
    return IndexDocument(
        id=f"{site.config.id}:{page.path}", path=page.path, title=title, date=updated.isoformat() if updated else "",
        org=page.org.id, org_name=page.org.name, type="数据", column=page.column_name, validity="", number="",
        index_no="", weight=TABLE_WEIGHT, sections=sections)
