"""The records stage of the build: every records column's table read and checked (after load), and
the documents its `doc` fields cite checked (after resolve)."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Position, Reporter, did_you_mean
from ..loading import LoadedCatalog, LoadedPlatform
from ..sources import file_stamp
from .model import Tables
from .table import read_records


def load_tables(project: Path, platform: LoadedPlatform, catalogs: dict[str, LoadedCatalog], reporter: Reporter,
                cache: dict | None = None) -> Tables:
    """The rows of every catalog item with `records:` (declared in the catalogs: `platform` is not
    read).  `cache` ((org, item) -> (spec, stamps, rows,
    diagnostics)) keeps a table whose spec and files are unchanged; updated."""
    previous = cache if cache is not None else {}
    current, tables = {}, {}
    for org_id, loaded in catalogs.items():
        for index, item in enumerate(loaded.catalog.items):
            spec = item.records
            if spec is None:
                continue
            key = (org_id, item.id)
            stamps = [file_stamp(project / name) for name in spec.file]
            before = previous.get(key)
            if before and before[0] == spec and before[1] == stamps:
                rows, diagnostics = before[2], before[3]
            else:
                found = Reporter()
                rows = read_records(project, spec, _records_at(loaded, index), found)
                diagnostics = found.diagnostics
            current[key] = (spec, stamps, rows, diagnostics)
            reporter.extend(diagnostics)
            tables[key] = rows
    if cache is not None:
        cache.clear()
        cache.update(current)
    return tables


def cited(tables: Tables, catalogs: dict[str, LoadedCatalog]) -> set[str]:
    """The documents the tables' `doc` fields name."""
    return {row.values[field.name] for (org_id, item_id), rows in tables.items()
            for field in catalogs[org_id].item(item_id).records.fields if field.type == "doc"
            for row in rows if row.values.get(field.name)}


def check_documents(tables: Tables, catalogs: dict[str, LoadedCatalog], public: set[str], known: set[str],
                    reporter: Reporter) -> None:
    """A `doc` field names a public document (E950: none of that id; E951: one that is not public)."""
    for (org_id, item_id), rows in tables.items():
        spec = catalogs[org_id].item(item_id).records
        for field in (f for f in spec.fields if f.type == "doc"):
            for row in rows:
                doc_id = row.values.get(field.name)
                if not doc_id or doc_id in public:
                    continue
                where = Position(file=row.file, line=row.line, column=row.columns.get(field.name))
                if doc_id in known:
                    reporter.report("E951", where, doc=doc_id, field=field.name)
                else:
                    reporter.report("E950", where, doc=doc_id, field=field.name,
                                    suggest=did_you_mean(doc_id, public, "文档"))


def _records_at(loaded: LoadedCatalog, index: int) -> Position:
    key = "records" if ("items", index, "records") in loaded.lines.values else "数据表"
    return loaded.at("items", index, key)


