"""Reading and checking one records table (SPEC §2.4): its files (.csv, .xlsx, .yaml) → `Record`s.

A department's spreadsheet loads as it is: title rows above the header (the header is the first of
the first rows made mostly of field names), empty rows skipped, headers matched ignoring whitespace
and full-width forms.  Every cell is typed by its field.  Personal fields are masked here, so no
unmasked value leaves this module; personal data in any other field is an error (E917) that shows
it masked.  Problems (E9xx) point at the table file, the row as a spreadsheet shows it and the
1-based column, all of a table's in one run, at most one per cell.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import yaml

from ..diagnostics import Position, Reporter, did_you_mean
from ..personal import KINDS, mask_personal, scan
from ..sources import YamlError, load_yaml
from .model import FieldSpec, Record, RecordsSpec, Value

HEADER_ROWS = 10  # the header is looked for in this many rows from the top
SUFFIXES = (".csv", ".xlsx", ".yaml", ".yml")
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Where = tuple[str, int, int | None]  # a cell's file, line and column, made a Position only for a problem
_SCANNED = {"id_card": "id_number", "mobile": "phone", "bank_card": "bank_card"}  # personal.scan kind -> personal:

_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMBER_TEXT = re.compile(_NUMBER)
_MONEY_TEXT = re.compile(rf"[￥¥]?\s*({_NUMBER})\s*元?")
_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_SERIAL_TEXT = re.compile(r"\d{1,7}(?:\.\d+)?")
_LINK_TEXT = re.compile(r"https?://[^\s/?#]+\S*", re.IGNORECASE)


def read_records(project: Path, spec: RecordsSpec, where: Position, reporter: Reporter) -> list[Record]:
    """Every row of the table's files in file order, typed and masked; problems go to `reporter`
    (problems with the spec itself, like a missing file, at `where`, the catalog's `records:`)."""
    table = _Table(spec, reporter)
    for name in spec.file:
        path, rel = project / name, Path(name).as_posix()
        suffix = path.suffix.lower()
        if not path.is_file():
            siblings = sorted(p.relative_to(project).as_posix() for p in path.parent.glob("*") if p.is_file()) \
                if path.parent.is_dir() else []
            suggest = "；" + did_you_mean(rel, siblings, "文件") if siblings else ""
            reporter.report("E901", where, file=rel, suggest=suggest)
        elif suffix not in SUFFIXES:
            reporter.report("E902", where, file=rel, suffix=suffix or "无扩展名的")
        elif suffix == ".csv":
            table.read_csv(path, rel)
        elif suffix == ".xlsx":
            table.read_xlsx(path, rel, where)
        else:
            table.read_yaml(path, rel)
    return table.records


def _norm(header: str) -> str:
    """A header or field name as matched: full-width forms folded (NFKC), no whitespace at all."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", header))


def _clean(raw: object) -> object:
    """A cell's value, None when empty; text stripped (full-width spaces and newlines included)."""
    if isinstance(raw, str):
        return raw.strip() or None
    return raw


def _text(raw: object) -> str:
    """A non-empty cell as text: numbers without a trailing .0, dates as 2025-05-06."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == time() else raw.isoformat(" ")
    if isinstance(raw, date | time):
        return raw.isoformat()
    return str(raw)


def _is_number(raw: object) -> bool:
    return isinstance(raw, int | float) and not isinstance(raw, bool)


def _scannable(raw: object) -> str:
    """The text personal data could hide in: text, and numbers as long as a mobile number or longer."""
    if isinstance(raw, str):
        return raw
    return _text(raw) if _is_number(raw) and abs(raw) >= 1e10 else ""  # type: ignore[arg-type]


def _decimal(raw: object, pattern: re.Pattern[str]) -> Decimal:
    if _is_number(raw):
        return Decimal(_text(raw))
    if isinstance(raw, str):
        found = pattern.fullmatch(raw) or pattern.fullmatch(unicodedata.normalize("NFKC", raw))
        if found:
            return Decimal(found.group(found.lastindex or 0).replace(",", ""))
    raise ValueError(raw)


def _number(raw: object) -> Value:
    number = _decimal(raw, _NUMBER_TEXT)
    return int(number) if number == number.to_integral_value() else number


def _money(raw: object) -> Value:
    return _decimal(raw, _MONEY_TEXT)


def _date(raw: object) -> Value:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str) and (found := _DATE_TEXT.fullmatch(raw)):
        return date(*(int(part) for part in found.groups()))
    if _is_number(raw) or (isinstance(raw, str) and _SERIAL_TEXT.fullmatch(raw)):
        serial = float(raw)  # type: ignore[arg-type]
        if 1 <= serial < 2958466:  # Excel's 1900-01-01 … 9999-12-31
            from openpyxl.utils.datetime import from_excel

            return from_excel(serial).date()
    raise ValueError(raw)


def _link(raw: object) -> Value:
    if isinstance(raw, str) and _LINK_TEXT.fullmatch(raw):
        return raw
    raise ValueError(raw)


_CONVERT: dict[str, Callable[[object], Value]] = {
    "text": _text, "doc": _text, "number": _number, "money": _money, "date": _date, "link": _link,
}
_TYPE_ERROR = {"number": "E910", "money": "E911", "date": "E912", "link": "E913"}


def _cell(line: int, column: int | None, record: int | None) -> str:
    """A cell as people name it: 单元格 C7 in a spreadsheet, 第 3 条记录 in YAML."""
    if record:
        return f"第 {record} 条记录"
    from openpyxl.utils import get_column_letter

    return f"单元格 {get_column_letter(column or 1)}{line}"


class _Table:
    """One table being read: its fields, the key values seen so far, and the records made."""

    def __init__(self, spec: RecordsSpec, reporter: Reporter) -> None:
        self.spec = spec
        self.reporter = reporter
        self.fields = {_norm(f.name): f for f in spec.fields}
        self.names = [f.name for f in spec.fields]
        self.keys: dict[Value, tuple[str, int]] = {}  # key value -> (file, line) where first seen
        self.records: list[Record] = []

    # --- files -------------------------------------------------------------------------------

    def read_csv(self, path: Path, rel: str) -> None:
        data = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GB18030
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            text = "\x00"
        if "\x00" in text:
            self.reporter.report("E903", Position(file=rel), problem=f"{rel} 不是 UTF-8 或 GB18030 编码的 CSV 文本")
            return
        self.read_grid(rel, csv.reader(io.StringIO(text, newline="")))

    def read_xlsx(self, path: Path, rel: str, where: Position) -> None:
        # openpyxl is imported where a spreadsheet is read or written (~70 ms a command that has none)
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
            self.reporter.report("E903", Position(file=rel), problem=f"{rel} 不是有效的 .xlsx 文件")
            return
        try:
            if self.spec.sheet is not None and self.spec.sheet not in book.sheetnames:
                sheets = "、".join(f"\"{name}\"" for name in book.sheetnames)
                self.reporter.report("E904", where, file=rel, sheet=self.spec.sheet, sheets=sheets)
                return
            sheet = book[self.spec.sheet] if self.spec.sheet is not None else book.worksheets[0]
            sheet.reset_dimensions()  # the stored dimensions may be wrong: read every cell there is
            self.read_grid(rel, sheet.iter_rows(values_only=True))
        finally:
            book.close()

    def read_yaml(self, path: Path, rel: str) -> None:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        try:
            load_yaml(text)  # for its Chinese syntax messages; values are read as written from the nodes
        except YamlError as error:
            where = Position(file=rel, line=error.line, column=error.column)
            self.reporter.report("E903", where, problem=f"YAML 语法错误：{error.problem}")
            return
        node = yaml.compose(text, Loader=_COMPOSER)
        if node is None:
            return
        if not isinstance(node, yaml.SequenceNode):
            self._not_a_list(rel, node, f"{rel} 应为记录的列表（每条记录一行“- ”开头，写成 字段名: 值）")
            return
        self.read_mappings(rel, node.value)

    def _not_a_list(self, rel: str, node: yaml.Node, problem: str) -> None:
        where = Position(file=rel, line=node.start_mark.line + 1, column=node.start_mark.column + 1)
        self.reporter.report("E903", where, problem=problem)

    # --- spreadsheets (CSV, XLSX) --------------------------------------------------------------

    def read_grid(self, rel: str, rows: Iterable[Sequence[object]]) -> None:
        rows = iter(rows)
        header: Sequence[object] | None = None
        for line, row in enumerate(rows, start=1):
            if self._is_header(row):
                header = row
                break
            if line == HEADER_ROWS:
                break
        if header is None:
            self.reporter.report("E905", Position(file=rel, line=1), rows=HEADER_ROWS,
                                 names="、".join(self.names))
            return
        columns, unlabeled = self._columns(rel, header, line)
        placed = {field.name: index + 1 for index, field in columns}  # shared by the file's records
        width, reported = len(header), set[int]()
        for line, row in enumerate(rows, start=line + 1):
            size = len(row)
            cells = [(line, index + 1, field, _clean(row[index]) if index < size else None) for index, field in columns]
            if unlabeled or size > width:
                self._unlabeled(rel, line, row, [*unlabeled, *range(width, size)], reported)
            if any(cell[3] is not None for cell in cells):
                self._record(rel, line, cells, None, placed)

    def _unlabeled(self, rel: str, line: int, row: Sequence[object], indexes: list[int], reported: set[int]) -> None:
        """E909 for the first value in each column without a header."""
        for index in indexes:
            value = _clean(row[index]) if index < len(row) else None
            if value is not None and index not in reported:
                reported.add(index)
                self.reporter.report("E909", Position(file=rel, line=line, column=index + 1),
                                     cell=_cell(line, index + 1, None), value=_text(value))

    def _is_header(self, row: Sequence[object]) -> bool:
        cells = [_text(c) for c in map(_clean, row) if c is not None]
        known = sum(_norm(c) in self.fields for c in cells)
        return known > 0 and 2 * known >= len(cells)

    def _columns(self, rel: str, header: Sequence[object], line: int) -> tuple[list[tuple[int, FieldSpec]], list[int]]:
        """(column index, field) of each known header, the indexes of columns without one; header problems reported."""
        columns: list[tuple[int, FieldSpec]] = []
        unlabeled: list[int] = []
        first: dict[str, str] = {}  # field name -> the cell of its column
        for index, raw in enumerate(header):
            value = _clean(raw)
            if value is None:
                unlabeled.append(index)
                continue
            text, cell = _text(value), _cell(line, index + 1, None)
            field = self._field(rel, text, Position(file=rel, line=line, column=index + 1), cell, first)
            if field:
                first[field.name] = cell
                columns.append((index, field))
        self._missing(rel, line, first)
        return columns, unlabeled

    def _field(self, rel: str, text: str, where: Position, cell: str, first: dict[str, str]) -> FieldSpec | None:
        """The field a header (or YAML key) names, unless it names none (E906) or one already given (E908)."""
        field = self.fields.get(_norm(text))
        if field is None:
            self.reporter.report("E906", where, header=text, cell=cell, suggest=did_you_mean(text, self.names, "字段"))
        elif field.name in first:
            self.reporter.report("E908", where, header=text, cell=cell, first=first[field.name])
            return None
        return field

    def _missing(self, rel: str, line: int, present: Iterable[str]) -> None:
        present = set(present)
        for field in self.spec.fields:
            if field.required and field.name not in present:
                self.reporter.report("E907", Position(file=rel, line=line), field=field.name)

    # --- YAML -------------------------------------------------------------------------------------

    def read_mappings(self, rel: str, nodes: list[yaml.Node]) -> None:
        present: set[str] = set()  # fields given in some record
        unknown: set[str] = set()  # keys reported once per file
        for number, node in enumerate(nodes, start=1):
            if not isinstance(node, yaml.MappingNode):
                self._not_a_list(rel, node, f"第 {number} 条记录应写成 字段名: 值 的映射")
                continue
            line = node.start_mark.line + 1
            cells: dict[str, tuple[int, int | None, FieldSpec, object]] = {}
            given: dict[str, str] = {}  # field name -> its key as written here
            for key_node, value_node in node.value:
                key, mark = str(key_node.value), key_node.start_mark
                if key in unknown:
                    continue
                field = self._field(rel, key, Position(file=rel, line=mark.line + 1, column=mark.column + 1),
                                    _cell(line, None, number), given)
                if field is None:
                    if _norm(key) not in self.fields:
                        unknown.add(key)
                    continue
                given[field.name] = f"\"{key}\""
                if isinstance(value_node, yaml.ScalarNode):
                    raw = None if value_node.tag == "tag:yaml.org,2002:null" else _clean(value_node.value)
                    cells[field.name] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1, field, raw)
                else:
                    self._not_a_list(rel, value_node, f"第 {number} 条记录的“{key}”应为单个值")
            present.update(given)
            self._record(rel, line, [cells.get(f.name, (line, None, f, None)) for f in self.spec.fields], number,
                         {name: cell[1] for name, cell in cells.items() if cell[1]})
        if nodes:
            self._missing(rel, nodes[0].start_mark.line + 1, present)

    # --- rows and cells ------------------------------------------------------------------------

    def _record(self, rel: str, line: int, cells: list[tuple[int, int | None, FieldSpec, object]],
                record: int | None, columns: dict[str, int]) -> None:
        """One row from its cells: (line, column, field, cleaned raw value); `record` is its number in YAML;
        `columns`: each field's column (where a `doc` value is reported when the document is not public)."""
        values: dict[str, Value] = dict.fromkeys(self.names)
        for at, column, field, raw in cells:
            if raw is not None:
                values[field.name] = self._value(raw, field, (rel, at, column), record, line)
            elif field.key:
                self._report("E916", (rel, at, column), record, field)
        self.records.append(Record(file=rel, line=line, values=values, columns=columns))

    def _value(self, raw: object, field: FieldSpec, where: _Where, record: int | None, row: int) -> Value:
        """A non-empty cell as published; None, with its problem reported, when it is wrong.  `row` is
        the line of its row (in YAML, of its record)."""
        if field.personal:
            return mask_personal(field.personal, _text(raw))
        text = _scannable(raw)
        if len(text) >= 11 and (found := scan(text)):  # nothing shorter than a mobile number is personal data
            kind = _SCANNED[found[0].kind]
            self._report("E917", where, record, field, kind=KINDS[found[0].kind],
                         masked=mask_personal(kind, found[0].value), personal=kind)
            return None
        try:
            value = _CONVERT[field.type](raw)
        except ValueError:
            self._report(_TYPE_ERROR[field.type], where, record, field, value=_text(raw))
            return None
        if field.values and str(value) not in field.values:
            self._report("E914", where, record, field, value=_text(raw), suggest=did_you_mean(value, field.values, "可选值"))
            return None
        if field.key:
            if value in self.keys:
                file, line = self.keys[value]
                first = f"第 {line} 行" if file == where[0] else f" {file} 第 {line} 行"
                self._report("E915", where, record, field, value=_text(raw), first=first)
                return None
            self.keys[value] = (where[0], row)
        return value

    def _report(self, code: str, where: _Where, record: int | None, field: FieldSpec, **values: object) -> None:
        file, line, column = where
        self.reporter.report(code, Position(file=file, line=line, column=column), cell=_cell(line, column, record),
                             field=field.name, **values)
