"""A records column's pages: its table, paginated, with the downloads beside it, and with `detail:
true` a page for each row.

The builder of a site (assemble.py) asks for them for every catalog item that has `records:`; what
a table page shows is a `TableView`, read by templates/records.html, and what a row's own page shows
a `RowView`, read by templates/record.html (this kind's own templates, which a theme may override
like any other).
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..descriptions import column_description, excerpt
from ..models import CatalogItem, Organization
from ..pages import Asset, Attachment, Citation, Crumb, Page, Pagination, page_links, size_label
from .exports import as_csv, as_json, as_xlsx, cell_text
from .model import FieldSpec, Record, RecordsSpec, newest

ROWS_PER_PAGE = 50  # a page of 50 rows stays far below 500 KB however wide the table
ROWS_PER_CHUNK = 500  # rows in one script of the combined filter
NUMERIC = ("number", "money")
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")  # a key value that can name its row's folder as it is

view = dataclass(frozen=True, kw_only=True, slots=True)


@view
class Head:
    name: str
    numeric: bool  # right-aligned
    date: bool     # kept on one line


@view
class Cell:
    text: str
    path: str | None = None  # a document's page in this site, or an external URL for a link field
    external: bool = False


@view
class Option:
    label: str
    count: int
    path: str      # the first page of the rows with this value
    current: bool  # the page shows these rows


@view
class Facet:
    """A facet field's values, each a link to the pre-built pages of its rows (no JavaScript needed)."""

    name: str
    options: list[Option]


@view
class TableView:
    caption: str
    heads: list[Head]
    rows: list[list[Cell]]
    count: int       # rows in this listing (the whole table, or one facet value's rows)
    first: int       # number of the first row on this page (1-based)
    updated: date | None = None
    note: str | None = None  # what is masked, for the reader
    facets: list[Facet] = field(default_factory=list)
    all_path: str = ""       # the whole table's first page
    filtered: str = ""       # "区县：城东区" on a facet value's pages
    filter_folder: str = ""  # where the combined filter's data lie (filter_scripts), if the table has facets
    detail: bool = False     # each row has a page of its own (a RowView), linked from its first cell


@view
class RowView:
    """One row of a table with `detail: true`, on its own page: every field, those left out of the table too."""

    caption: str                    # the table's
    fields: list[tuple[str, Cell]]  # (field name, cell) in display order
    table_path: str                 # the page of the whole table that shows the row, anchored at it
    updated: date | None = None     # the table's
    note: str | None = None         # what is masked


@view
class Listing:
    """The whole table, or one facet value's rows: paginated from `first_path`."""

    first_path: str
    filtered: str  # "" for the whole table
    views: list[TableView]
    value: tuple[str, str] | None = None  # (facet field, value) of a facet value's rows


def ordered(spec: RecordsSpec, records: list[Record]) -> list[Record]:
    """Newest (or largest) first by `sort`, rows without a value last; otherwise in file order."""
    if not spec.sort:
        return records
    present = [r for r in records if r.values.get(spec.sort) is not None]
    missing = [r for r in records if r.values.get(spec.sort) is None]
    return sorted(present, key=lambda r: r.values[spec.sort], reverse=True) + missing


def listings(spec: RecordsSpec, rows: list[Record], shown: list[list[Cell]], caption: str,
             first_path: str) -> list[Listing]:
    """The whole table, then each facet value's rows at `<folder>/f<field>-<value>/index.html`, each a
    view per page.  `rows` are in table order (`ordered`), `shown` their cells on the table pages."""
    cells = {id(r): row for r, row in zip(rows, shown)}
    folder = posixpath.dirname(first_path)
    groups = [(f, _values(f, rows)) for f in spec.facets]
    paths = {(f.name, label): f"{folder}/f{i}-{j}/index.html"
             for i, (f, values) in enumerate(groups, 1) for j, label in enumerate(values, 1)}
    chosen = [("", "", rows, first_path)] + [
        (f.name, label, members, paths[(f.name, label)]) for f, values in groups for label, members in values.items()]
    heads = [Head(name=f.name, numeric=f.type in NUMERIC, date=f.type == "date") for f in spec.fields if f.brief]
    masked = [f.name for f in spec.fields if f.personal]
    note = f"{'、'.join(masked)}已按规定隐去部分字符。" if masked else None
    updated = newest(spec, rows)
    result = []
    for name, label, members, path in chosen:
        facets = [Facet(name=f.name, options=[Option(label=value, count=len(of_value), path=paths[(f.name, value)],
                                                     current=(f.name, value) == (name, label))
                                              for value, of_value in values.items()]) for f, values in groups]
        filtered = f"{name}：{label}" if name else ""
        chunks = [members[i:i + ROWS_PER_PAGE] for i in range(0, len(members), ROWS_PER_PAGE)] or [[]]
        views = [TableView(caption=caption + (f"（{filtered}）" if filtered else ""), heads=heads,
                           rows=[cells[id(r)] for r in chunk], count=len(members), first=number * ROWS_PER_PAGE + 1,
                           updated=updated, note=note, facets=facets, all_path=first_path, filtered=filtered,
                           filter_folder=folder if groups else "", detail=spec.detail)
                 for number, chunk in enumerate(chunks)]
        result.append(Listing(first_path=path, filtered=filtered, views=views, value=(name, label) if name else None))
    return result


def filter_scripts(folder: str, made: list[Listing]) -> list[Asset]:
    """What the combined filter of a table's pages reads, as classic scripts (they load from disk too):
    `filter.js`, each facet value's rows as gaps between row numbers, and `rows-N.js`, the rows in
    chunks of ROWS_PER_CHUNK, so that a query loads only the chunks holding the rows it shows.  With
    detail pages, a row's first cell links to its page relative to `folder` (`detail` in filter.js)."""
    whole, values = made[0], made[1:]  # as `listings` makes them
    detail = whole.views[0].detail
    rows = [row for view in whole.views for row in view.rows]
    number = {id(row): n for n, row in enumerate(rows)}  # a row's cells are one list in every listing
    facets = whole.views[0].facets
    members = {listing.value: [number[id(row)] for view in listing.views for row in view.rows] for listing in values}
    data = {"count": len(rows), "chunk": ROWS_PER_CHUNK, "detail": detail,
            "facets": [{"name": facet.name, "values": [option.label for option in facet.options],
                        "rows": [_gaps(members[(facet.name, option.label)]) for option in facet.options]}
                       for facet in facets]}
    assets = [Asset(path=f"{folder}/filter.js", content=_script(folder, "", data))]
    for start in range(0, len(rows), ROWS_PER_CHUNK):
        chunk = [[[cell.text, cell.path.removeprefix(f"{folder}/") if detail and n == 0 else cell.path]
                  if cell.path else cell.text for n, cell in enumerate(row)]
                 for row in rows[start:start + ROWS_PER_CHUNK]]
        assets.append(Asset(path=f"{folder}/rows-{start // ROWS_PER_CHUNK}.js",
                            content=_script(folder, f".chunks[{start // ROWS_PER_CHUNK}]", chunk)))
    return assets


def _gaps(numbers: list[int]) -> list[int]:
    return [b - a for a, b in zip([-1, *numbers], numbers)]


def _script(folder: str, member: str, data: object) -> bytes:
    head = "var GONGKAI_RECORDS = window.GONGKAI_RECORDS || {};\n"
    if not member:
        body = f"GONGKAI_RECORDS[{json.dumps(folder)}] = Object.assign(GONGKAI_RECORDS[{json.dumps(folder)}] || {{chunks: {{}}}}, "
        return (head + body + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ");\n").encode("utf-8")
    body = f"(GONGKAI_RECORDS[{json.dumps(folder)}] = GONGKAI_RECORDS[{json.dumps(folder)}] || {{chunks: {{}}}}){member} = "
    return (head + body + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ";\n").encode("utf-8")


def _values(spec: FieldSpec, rows: list[Record]) -> dict[str, list[Record]]:
    """A facet's values with their rows: in the order `values:` declares, else the most frequent first."""
    found: dict[str, list[Record]] = {}
    for row in rows:
        label = cell_text(row.values.get(spec.name))
        if label:
            found.setdefault(label, []).append(row)
    order = spec.values or sorted(found, key=lambda label: (-len(found[label]), label))
    return {label: found[label] for label in order if label in found}


def column_pages(org: Organization, item: CatalogItem, records: list[Record], first: str, crumbs: list[Crumb],
                 nav_key: str, column_type: str, doc_path: Callable[[str], str | None]
                 ) -> tuple[list[Page], list[Asset], dict[str, Citation]]:
    """A records column's pages (the whole table, then each facet value's rows, then with `detail` each
    row's own page), its downloads and filter data, and the documents its `doc` fields cite with the
    first row citing each.  `doc_path` gives a document's page in the site, its absolute URL
    elsewhere, or None when it is not published (which the build reports: records.stage.check_documents)."""
    spec = item.records
    title = item.l2 if item.l2 != item.l1 else item.l1
    caption = f"{org.name}{title}"
    folder = posixpath.dirname(first)
    rows = ordered(spec, records)
    cells = [[_cell(f, r, doc_path) for f in spec.fields] for r in rows]  # every field of every row
    details = detail_paths(spec, rows, folder) if spec.detail else []
    shown = [_shown(spec, row, details[n] if details else None, n + 1) for n, row in enumerate(cells)]
    made = listings(spec, rows, shown, caption, first)
    files, assets = downloads(folder, spec, records, caption)
    assets += filter_scripts(folder, made) if spec.facets else []
    whole = page_links(first, len(made[0].views))
    anchored = [f"{whole[n // ROWS_PER_PAGE].path}#r{n + 1}" for n in range(len(rows))]  # in the whole table
    cited = {doc_id: Citation(title=caption, count=count, path=(details or anchored)[row - 1])
             for doc_id, (row, count) in citations(spec, cells).items()}
    description = column_description(org, item)
    pages = []
    for listing in made:
        links = page_links(listing.first_path, len(listing.views))
        named = f"{title}（{listing.filtered}）" if listing.filtered else title
        for number, view in enumerate(listing.views, start=1):
            suffix = "" if number == 1 else f"（第{number}页）"
            pages.append(Page(
                path=links[number - 1].path, kind="records", template="records.html", title=named + suffix,
                column_name=title, column_type=column_type,
                description=(f"{description}筛选：{listing.filtered}。" if listing.filtered else description) + suffix,
                breadcrumbs=[*crumbs, Crumb(title=title, path=first if listing.filtered else None)]
                + ([Crumb(title=listing.filtered)] if listing.filtered else []),
                nav_key=nav_key, intro=f"{item.l1} › {item.l2}", org=org,
                pagination=Pagination(current=number, total=len(listing.views), pages=links, count=view.count),
                downloads=files, view=view))
    table = made[0].views[0]
    for row, brief, path, at in zip(cells, shown, details, anchored):
        fields = [(f.name, cell) for f, cell in zip(spec.fields, row)]
        text = "；".join(f"{name}：{cell.text}" for name, cell in fields if cell.text)
        pages.append(Page(
            path=path, kind="record", template="record.html", title=brief[0].text, column_name=title,
            column_type=column_type, description=excerpt(f"{caption}。{text}"),
            breadcrumbs=[*crumbs, Crumb(title=title, path=first), Crumb(title=brief[0].text)],
            nav_key=nav_key, intro=f"{item.l1} › {item.l2}", org=org,
            view=RowView(caption=caption, fields=fields, table_path=at, updated=table.updated, note=table.note)))
    return pages, assets, cited


def detail_paths(spec: RecordsSpec, rows: list[Record], folder: str) -> list[str]:
    """Each row's own page, in table order: `<folder>/d-<key>/index.html` by its key field's value (the
    value itself when it is plain ASCII, else a hash of it), an address that stays while rows come and
    go; without a key field, `<folder>/r<N>/index.html` by its place in the table."""
    key = next((f.name for f in spec.fields if f.key), None)
    if key is None:
        return [f"{folder}/r{n}/index.html" for n in range(1, len(rows) + 1)]
    return [f"{folder}/d-{_slug(cell_text(row.values.get(key)))}/index.html" for row in rows]


def _slug(text: str) -> str:
    return text if _PLAIN_KEY.fullmatch(text) else hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def _shown(spec: RecordsSpec, cells: list[Cell], detail: str | None, number: int) -> list[Cell]:
    """A row's cells on the table pages: its brief fields, the first one a link to the row's own page
    when it has one (the row's title: 第N条 when that field is empty)."""
    shown = [cell for f, cell in zip(spec.fields, cells) if f.brief]
    if detail:
        shown[0] = Cell(text=shown[0].text or f"第{number}条", path=detail)
    return shown


def citations(spec: RecordsSpec, cells: list[list[Cell]]) -> dict[str, tuple[int, int]]:
    """Each document the table's `doc` fields cite: (its first row's number, how many rows cite it).
    `cells`: every field of every row, in table order."""
    columns = [n for n, f in enumerate(spec.fields) if f.type == "doc"]
    found: dict[str, tuple[int, int]] = {}
    for number, row in enumerate(cells, start=1):
        for doc_id in {row[n].text for n in columns if row[n].path}:
            first, count = found.get(doc_id, (number, 0))
            found[doc_id] = (first, count + 1)
    return found


def _cell(spec: FieldSpec, record: Record, doc_path: Callable[[str], str | None]) -> Cell:
    value = record.values.get(spec.name)
    text = cell_text(value)
    if spec.type == "money" and isinstance(value, Decimal):
        text = f"{value:,.2f}"
    if spec.type == "doc" and text:
        target = doc_path(text)
        return Cell(text=text, path=target, external=bool(target and "://" in target))
    if spec.type == "link" and text:
        return Cell(text=text, path=text, external=True)
    return Cell(text=text)


def downloads(folder: str, spec: RecordsSpec, records: list[Record], title: str) -> tuple[list[Attachment], list[Asset]]:
    """data.csv, data.xlsx and data.json in the column's folder (masked values only: records are)."""
    rows = ordered(spec, records)
    files = [("data.csv", "CSV", as_csv(spec, rows)), ("data.xlsx", "XLSX", as_xlsx(spec, rows, title)),
             ("data.json", "JSON", as_json(spec, rows))]
    shown = [Attachment(title=f"{title}（{kind}）", path=posixpath.join(folder, name), size=size_label(len(content)),
                        kind=kind) for name, kind, content in files]
    return shown, [Asset(path=posixpath.join(folder, name), content=content) for name, _, content in files]
