"""A records column's downloads: data.csv, data.xlsx and data.json, of the published (masked) values."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal


from ..catalog_export import FIXED_TIME, pin_zip_dates
from .model import Record, RecordsSpec, Value


def cell_text(value: Value) -> str:
    """A value as a page and the CSV show it."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def as_csv(spec: RecordsSpec, records: list[Record]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    names = [f.name for f in spec.fields]
    writer.writerow(names)
    writer.writerows([cell_text(r.values.get(name)) for name in names] for r in records)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8


def as_xlsx(spec: RecordsSpec, records: list[Record], title: str) -> bytes:
    """Typed cells (numbers and dates stay numbers and dates in Excel); deterministic bytes."""
    from openpyxl import Workbook  # imported where used (records/table.py says why)

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    names = [f.name for f in spec.fields]
    sheet.append(names)
    for record in records:
        sheet.append([_xlsx_value(record.values.get(name)) for name in names])
    book.properties.creator = title
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    book.save(raw)
    return pin_zip_dates(raw.getvalue())


def _xlsx_value(value: Value) -> object:
    return float(value) if isinstance(value, Decimal) else value


def as_json(spec: RecordsSpec, records: list[Record]) -> bytes:
    """A list of objects keyed by field name (SPEC §2.4); money as a string, so no cent is rounded."""
    names = [f.name for f in spec.fields]
    rows = [{name: _json_value(r.values.get(name)) for name in names} for r in records]
    return (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _json_value(value: Value) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
