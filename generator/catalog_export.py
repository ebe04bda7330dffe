"""The 标准目录 as the official two-row-header table: CSV and XLSX downloads (清单要向社会公开).

The layout is the national template (REFERENCE §1.2): 序号 | 公开事项 (一级/二级) | 公开内容 | 公开依据 |
公开时限 | 公开主体 | 公开渠道和载体 (■ selected, □ not) | 公开对象 (√) | 公开方式 (√) | 公开层级 (√),
plus 网站所属栏目 (the column each item is published in, as some production catalogs carry), which lets
`gongkai import-catalog` read a published table back into the same catalog.
Both files are byte-for-byte deterministic: openpyxl's timestamps are pinned and the zip is rewritten
with fixed entry dates.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Collection
from copy import copy
from datetime import datetime

from .cache import digest
from .models import SECTIONS, Catalog, CatalogItem, Organization
from .workers import in_background

CHANNELS = ["政府网站", "政府公报", "两微一端", "发布会/听证会", "广播电视", "纸质媒体", "公开查阅点", "政务服务中心",
            "便民服务站", "入户/现场", "社区/企事业单位/村公示栏(电子屏)", "精准推送", "其他"]
LEVEL_ORDER = ["省级", "市级", "县级", "区级", "乡级", "镇级", "村级"]
FIXED_TIME = datetime(2000, 1, 1)


def header(levels: list[str]) -> tuple[list[str], list[str]]:
    top = ["序号", "公开事项", "", "公开内容(要素)", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
           "公开对象", "", "公开方式", "", "公开层级"] + [""] * (len(levels) - 1) + ["网站所属栏目"]
    sub = ["", "一级事项", "二级事项", "", "", "", "", "", "全社会", "特定群体", "主动", "依申请"] + levels + [""]
    return top, sub


def column_of(item: CatalogItem) -> str:
    """网站所属栏目 cell: section slug and item id, e.g. 'fdzdgknr/dibao-policy'."""
    return f"{SECTIONS[item.section]}/{item.id}"


def levels_of(items: list[CatalogItem]) -> list[str]:
    used = {level for item in items for level in item.level} or {"市级"}
    return sorted(used, key=lambda lv: (LEVEL_ORDER.index(lv) if lv in LEVEL_ORDER else 99, lv))


def channel_cell(item: CatalogItem) -> str:
    extra = [c for c in item.channels if c not in CHANNELS]
    return " ".join(("■" if c in item.channels else "□") + c for c in CHANNELS + extra)


def rows(org: Organization, items: list[CatalogItem]) -> list[list[str]]:
    levels = levels_of(items)
    tick = lambda flag: "√" if flag else ""  # noqa: E731
    body = []
    for number, item in enumerate(items, 1):
        body.append([
            str(number), item.l1, item.l2, "；".join(item.content), "；".join(item.basis), item.time_limit.text,
            f"{org.name}{item.office}", channel_cell(item),
            tick(item.audience == "全社会"), tick(item.audience == "特定群体"),
            tick(item.mode == "主动"), tick(item.mode == "依申请"),
            *[tick(level in item.level) for level in levels], column_of(item),
        ])
    return body


def catalog_csv(org: Organization, items: list[CatalogItem]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in (*header(levels_of(items)), *rows(org, items)):
        writer.writerow(line)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8


def catalog_xlsx(org: Organization, items: list[CatalogItem]) -> bytes:
    # imported where used: a build makes its XLSX files in a process of its own (start_exports)
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    levels = levels_of(items)
    book = Workbook()
    sheet = book.active
    sheet.title = "标准目录"
    top, sub = header(levels)
    title = f"{org.name}政务公开标准目录"
    sheet.append([title])
    sheet.append(top)
    sheet.append(sub)
    last_col = len(top)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    for first, last in ((1, 1), (4, 4), (5, 5), (6, 6), (7, 7), (8, 8), (last_col, last_col)):
        sheet.merge_cells(start_row=2, start_column=first, end_row=3, end_column=last)
    for first, last in ((2, 3), (9, 10), (11, 12), (13, 12 + len(levels))):  # 12 + len(levels) = last_col - 1
        if last > first:
            sheet.merge_cells(start_row=2, start_column=first, end_row=2, end_column=last)
    for line in rows(org, items):
        sheet.append(line)
    thin = Side(style="thin")
    # one style for the table's cells, registered once: openpyxl hashes a style each time it is set
    cells = [cell for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row) for cell in row]
    cells[0].alignment = Alignment(wrap_text=True, vertical="center")
    cells[0].border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in cells[1:]:
        cell._style = copy(cells[0]._style)
    for cell in (*sheet[1], *sheet[2], *sheet[3]):
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGH", (6, 14, 14, 30, 30, 22, 16, 40)):
        sheet.column_dimensions[letter].width = width
    book.properties.creator = org.name
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    book.save(raw)
    return pin_zip_dates(raw.getvalue())


CatalogFiles = tuple[bytes, bytes]  # (CSV, XLSX)


def start_exports(catalogs: dict[str, Catalog], cache: dict[str, CatalogFiles],
                  only: Collection[str] | None = None) -> Callable[[], dict[str, CatalogFiles]]:
    """Each organization's catalog as CSV and XLSX, made in a process of its own (openpyxl takes
    ~7 ms a catalog, and ~70 ms to import) while the build goes on; the returned function waits for
    them.  `cache` (digest of the catalog -> files) keeps what the next build can reuse.  `only`:
    the organizations whose files are written (a shard's); the others' are left empty."""
    wanted = catalogs if only is None else {org_id: c for org_id, c in catalogs.items() if org_id in only}
    keys = {org_id: digest(catalog) for org_id, catalog in wanted.items()}
    missing = sorted({key: org_id for org_id, key in keys.items() if key not in cache}.items())
    made = in_background(lambda: [_files(wanted[org_id]) for _, org_id in missing], parallel=len(missing) > 4)

    def finished() -> dict[str, CatalogFiles]:
        fresh = dict(zip((key for key, _ in missing), made()))
        files = {org_id: cache.get(key) or fresh[key] for org_id, key in keys.items()}
        cache.clear()
        cache.update((keys[org_id], made_files) for org_id, made_files in files.items())
        return {org_id: files.get(org_id, (b"", b"")) for org_id in catalogs}
    return finished


def _files(catalog: Catalog) -> CatalogFiles:
    return catalog_csv(catalog.org, catalog.items), catalog_xlsx(catalog.org, catalog.items)


def pin_zip_dates(data: bytes) -> bytes:
    """Rewrite a zip with every entry dated FIXED_TIME, in name order, so equal input gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            pinned = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = 0o644 << 16
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data)
            target.writestr(pinned, data)
    return out.getvalue()
