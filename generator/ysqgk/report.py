"""The tables of the 政府信息公开工作年度报告 in the national format (国办公开办函〔2021〕30号), from
the platform's own data: table 二's 规章 and 行政规范性文件 from the organization's public documents,
tables 三 and 四 from its register of applications; what only the office knows (行政许可 … 收费) and
what it corrects is entered in the report's data (model.AnnualReport).

    二  规章 / 行政规范性文件: 本年制发 (by 成文日期, the year the 发文字号 carries), 本年废止 (the last day
        in force in the year: the day before the repealing document takes effect, or `effective_to`),
        现行有效 (published and in force on 31 December)
    三  by applicant type: 一 received in the year, 二 carried over (received before, not answered by
        1 January), 三 answered in the year by outcome, 四 carried over to next year (not answered by
        31 December); 一 + 二 = 三（七）总计 + 四 in every column
    四  行政复议 by the year applied for, 行政诉讼 by the year filed (after a 复议: 复议后起诉), by result
"""

from __future__ import annotations

import csv
import io
import unicodedata
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta


from ..catalog_export import FIXED_TIME, pin_zip_dates
from ..diagnostics import Position, Reporter, did_you_mean
from ..loading import LoadedCatalog
from ..models import DocumentMeta
from ..sources import LineMap
from .model import ALIASES, APPLICANTS, OUTCOMES, RESULTS, AnnualReport, Application, parse_outcome

Grid = dict[str, dict[str, int]]  # row -> column -> figure

THREE_COLUMNS = (*APPLICANTS, "总计")
THREE_ROWS = ("新收", "上年结转", *(code for code, _, _ in OUTCOMES), "总计", "结转下年度")
OUTCOME_ROWS = tuple(code for code, _, _ in OUTCOMES)
FOUR_ROWS = ("行政复议", "未经复议直接起诉", "复议后起诉")
FOUR_COLUMNS = (*RESULTS, "总计")
CATEGORIES = ("规章", "行政规范性文件")
TWO_FIELDS = {"issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数"}

# the names an entered row or column may be written under (matched without spaces and punctuation)
_ROW_NAMES = {"新收": ("新收", "本年新收", "本年新收政府信息公开申请数量", "一"),
              "上年结转": ("上年结转", "上年结转政府信息公开申请数量", "二"),
              "总计": ("总计", "办理结果总计", "本年度办理结果总计", "七"),
              "结转下年度": ("结转下年度", "结转下年度继续办理", "四"),
              "行政复议": ("行政复议",), "未经复议直接起诉": ("未经复议直接起诉", "行政诉讼未经复议直接起诉", "直接起诉"),
              "复议后起诉": ("复议后起诉", "行政诉讼复议后起诉")}
_COLUMN_NAMES = {**{name: (name, "法人或其他组织" + name) for name in APPLICANTS[1:]}, "自然人": ("自然人",),
                 "总计": ("总计",), "维持": ("维持", "结果维持"), "纠正": ("纠正", "结果纠正"),
                 "其他": ("其他", "其他结果"), "尚未审结": ("尚未审结",)}


# each row of table 三 with its headings, outermost first, as the national table shows them
_GROUP_NUMBERS = {"不予公开": "（三）", "无法提供": "（四）", "不予处理": "（五）", "其他处理": "（六）"}
RESULT_HEAD = "三、本年度办理结果"
THREE_PATHS: list[tuple[str, tuple[str, ...]]] = [
    ("新收", ("一、本年新收政府信息公开申请数量",)),
    ("上年结转", ("二、上年结转政府信息公开申请数量",)),
    ("予以公开", (RESULT_HEAD, "（一）予以公开")),
    ("部分公开", (RESULT_HEAD, "（二）" + OUTCOMES[1][2])),
    *((code, (RESULT_HEAD, _GROUP_NUMBERS[group] + group, f"{code[-1]}.{label}"))
      for code, group, label in OUTCOMES[2:]),
    ("总计", (RESULT_HEAD, "（七）总计")),
    ("结转下年度", ("四、结转下年度继续办理",)),
]


def _fold(text: str) -> str:
    return re.sub(r"[\s：:、，,.．。\-—_（）()“”\"'第项]", "", unicodedata.normalize("NFKC", str(text)))


def _named(text: str, choices: tuple[str, ...], names: dict[str, tuple[str, ...]]) -> str | None:
    folded = _fold(text)
    return next((key for key in choices if folded in {_fold(n) for n in names.get(key, (key,))}), None)


# ---------------------------------------------------------------- the register's figures

def _grid(rows: tuple[str, ...], columns: tuple[str, ...]) -> Grid:
    return {row: dict.fromkeys(columns, 0) for row in rows}


def register_three(apps: list[Application], year: int) -> Grid:
    """Table 三 of `year` from the register, totals included."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    grid = _grid(THREE_ROWS, THREE_COLUMNS)
    for app in apps:
        if app.received > end or (app.replied and app.replied < start and app.received < start):
            continue
        grid["新收" if app.received >= start else "上年结转"][app.applicant] += 1
        if app.replied and app.replied <= end and app.outcome:
            grid[app.outcome][app.applicant] += 1
        else:
            grid["结转下年度"][app.applicant] += 1
    return _three_totals(grid)


def _three_totals(grid: Grid) -> Grid:
    for column in APPLICANTS:
        grid["总计"][column] = sum(grid[row][column] for row in OUTCOME_ROWS)
    for row in THREE_ROWS:
        grid[row]["总计"] = sum(grid[row][column] for column in APPLICANTS)
    return grid


def register_four(apps: list[Application], year: int) -> Grid:
    """Table 四 of `year` from the register: a 复议 counted in the year it was applied for, a 诉讼 in the
    year it was filed; a case without a result is 尚未审结."""
    grid = _grid(FOUR_ROWS, FOUR_COLUMNS)
    for app in apps:
        if app.review and app.review.year == year:
            grid["行政复议"][app.review_result or "尚未审结"] += 1
        if app.suit and app.suit.year == year:
            grid["复议后起诉" if app.review else "未经复议直接起诉"][app.suit_result or "尚未审结"] += 1
    return _four_totals(grid)


def _four_totals(grid: Grid) -> Grid:
    for row in FOUR_ROWS:
        grid[row]["总计"] = sum(grid[row][column] for column in RESULTS)
    return grid


# ---------------------------------------------------------------- entered figures

@dataclass
class Figures:
    """A table as published (`grid`), what the register says (`computed`, None without a register),
    and where each entered figure is written (`entered`: (row, column) -> position)."""

    grid: Grid
    computed: Grid | None
    entered: dict[tuple[str, str], Position] = field(default_factory=dict)


def enter(computed: Grid, has_register: bool, figures: dict[str, dict[str, int]], table: str, file: str,
          lines: LineMap, section: str, reporter: Reporter) -> Figures:
    """`computed` with the office's figures for `table` ("三" or "四") put in; totals computed from the
    rows, and an entered total that is not their sum (E781), an unknown row or column (E780), and for
    table 三 a column where 一 + 二 ≠ 三 + 四 (E782) reported."""
    rows, columns = (THREE_ROWS, THREE_COLUMNS) if table == "三" else (FOUR_ROWS, FOUR_COLUMNS)
    grid = {row: dict(values) for row, values in computed.items()}
    entered: dict[tuple[str, str], Position] = {}
    totals: dict[tuple[str, str], int] = {}
    for row_written, values in figures.items():
        row = (parse_outcome(row_written) if table == "三" else None) or _named(row_written, rows, _ROW_NAMES)
        if row is None:
            reporter.report("E780", _at(file, lines, (section, row_written), key=True), table=table, what="行",
                            name=row_written, suggest=_choices(rows, table))
            continue
        for column_written, value in values.items():
            column = _named(column_written, columns, _COLUMN_NAMES)
            where = _at(file, lines, (section, row_written, column_written))
            if column is None:
                reporter.report("E780", _at(file, lines, (section, row_written, column_written), key=True),
                                table=table, what="列", name=column_written,
                                suggest=did_you_mean(column_written, columns, "列名"))
                continue
            entered[(row, column)] = where
            if column == "总计" or row == "总计":
                totals[(row, column)] = value
            else:
                grid[row][column] = value
    grid = _three_totals(grid) if table == "三" else _four_totals(grid)
    for (row, column), value in totals.items():
        if value != grid[row][column]:
            parts = "各项办理结果" if row == "总计" else "各类申请人" if table == "三" else "各项结果"
            reporter.report("E781", entered[(row, column)], table=table, row=row_label(row), column=column,
                            value=value, total=grid[row][column], parts=parts)
    if table == "三" and entered:
        for column in THREE_COLUMNS:
            left = grid["新收"][column] + grid["上年结转"][column]
            right = grid["总计"][column] + grid["结转下年度"][column]
            if left != right:
                where = next((p for (r, c), p in entered.items() if c == column), next(iter(entered.values())))
                reporter.report("E782", where, column=column, new=grid["新收"][column], carried=grid["上年结转"][column],
                                done=grid["总计"][column], next=grid["结转下年度"][column])
    return Figures(grid=grid, computed=computed if has_register else None, entered=entered)


def _choices(rows: tuple[str, ...], table: str) -> str:
    named = "、".join(r for r in rows if r not in OUTCOME_ROWS)
    return f"行名写成 {named}" + ("，或办理结果的代码（如 不予公开3、无法提供1）" if table == "三" else "")


def _at(file: str, lines: LineMap, path: tuple, key: bool = False) -> Position:
    """An entered figure's position; the section is given by its canonical and Chinese names."""
    section, *rest = path
    names = ALIASES.get(section, (section,))
    written = next((n for n in names if (n, *rest) in lines.values), names[0])
    found = (lines.key if key else lines.value)((written, *rest))
    return Position(file=file, line=found[0] if found else None, column=found[1] if found else None)


def row_label(row: str) -> str:
    """A row of table 三 or 四 as a message names it."""
    return {"新收": "本年新收", "总计": "（七）总计", "结转下年度": "结转下年度继续办理"}.get(row, row)


# ---------------------------------------------------------------- the platform's documents

@dataclass(frozen=True)
class Issued:
    issued: int
    repealed: int
    in_force: int
    undated: tuple[str, ...] = ()  # documents no longer in force without a date saying since when


def last_day(meta: DocumentMeta, metas: Mapping[str, DocumentMeta]) -> date | None | bool:
    """The last day a 规章 or 规范性文件 was in force: the day before the document that repealed it took
    effect, or its `effective_to`; None while it is in force; False when it is no longer in force but
    nothing says since when."""
    repealing = metas.get(meta.repealed_by) if meta.repealed_by else None
    if repealing is not None:
        return (repealing.effective_from or repealing.published) - timedelta(days=1)
    if meta.effective_to:
        return meta.effective_to
    return False if meta.validity in ("废止", "失效") else None


def rules_by_org(metas: Mapping[str, DocumentMeta]) -> dict[str, dict[str, DocumentMeta]]:
    """Each organization's public 规章 and 行政规范性文件 (document_two's `rules`)."""
    found: dict[str, dict[str, DocumentMeta]] = {}
    for doc_id, meta in metas.items():
        if meta.category:
            found.setdefault(meta.org, {})[doc_id] = meta
    return found


def document_two(year: int, rules: dict[str, DocumentMeta], metas: Mapping[str, DocumentMeta]) -> dict[str, Issued]:
    """Table 二's first block from an organization's public 规章 and 行政规范性文件 (`rules`, by id);
    `metas`: every public document's front matter (the one that repealed a rule may be another's)."""
    end = date(year, 12, 31)
    found = {}
    for category in CATEGORIES:
        issued = repealed = in_force = 0
        undated = []
        for doc_id, meta in sorted(rules.items()):
            if meta.category != category:
                continue
            issued += meta.written.year == year
            last = last_day(meta, metas)
            if last is False:
                undated.append(doc_id)
                continue
            repealed += last is not None and last.year == year
            started = meta.effective_from or meta.published
            in_force += meta.published <= end and started <= end and (last is None or last > end)
        found[category] = Issued(issued, repealed, in_force, tuple(undated))
    return found


def two_table(counted: dict[str, Issued]) -> dict[str, dict[str, int]]:
    """The 规章 and 行政规范性文件 rows as published: always the platform's own count, so the report
    agrees with the 规章和规范性文件库 (an office's figure is a cross-check: stage._check_figures)."""
    return {category: {key: getattr(counted[category], key) for key in TWO_FIELDS} for category in CATEGORIES}


def report_deadline(loaded: LoadedCatalog, year: int) -> date:
    """When the report on `year` is due: as the organization's 年报 column's 公开时限 says (每年1月31日前),
    else 31 January for a department and 31 March for a government (条例第四十九条)."""
    for item in loaded.catalog.items:
        rule = item.time_limit
        if item.section == "年报" and rule.trigger == "annual" and rule.month and rule.day:
            return date(year + 1, rule.month, rule.day)
    return date(year + 1, 3, 31) if loaded.org.kind == "government" else date(year + 1, 1, 31)


# ---------------------------------------------------------------- downloads

def table_rows(two: dict[str, dict[str, int]], report: AnnualReport, three: Grid, four: Grid) -> dict[str, list[list]]:
    """The three tables in the national layout, row by row (a header row first), for CSV and XLSX."""
    proactive = report.proactive
    second = [["第二十条第（一）项", "信息内容", *TWO_FIELDS.values()]]
    second += [["", category, *two[category].values()] for category in CATEGORIES]
    second += [["第二十条第（五）项", "信息内容", "本年处理决定数量"], ["", "行政许可", proactive.licensing],
               ["第二十条第（六）项", "信息内容", "本年处理决定数量"], ["", "行政处罚", proactive.punishment],
               ["", "行政强制", proactive.enforcement],
               ["第二十条第（八）项", "信息内容", "本年收费金额（单位：万元）"], ["", "行政事业性收费", proactive.fees]]
    third = [["类别", "项目", *(c if c in ("自然人", "总计") else f"法人或其他组织：{c}" for c in THREE_COLUMNS)]]
    third += [[path[0], "".join(path[1:]), *three[row].values()] for row, path in THREE_PATHS]
    fourth = [["行政复议：结果维持", "行政复议：结果纠正", "行政复议：其他结果", "行政复议：尚未审结", "行政复议：总计"]
              + [f"行政诉讼（{kind}）：{result}" for kind in FOUR_ROWS[1:]
                 for result in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")]]
    fourth += [[value for row in FOUR_ROWS for value in four[row].values()]]
    return {"二、主动公开政府信息情况": second, "三、收到和处理政府信息公开申请情况": third,
            "四、政府信息公开行政复议、行政诉讼情况": fourth}


def as_csv(tables: dict[str, list[list]]) -> bytes:
    """One CSV of the three tables, each under its title, as Excel opens it (UTF-8 with BOM)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for number, (title, rows) in enumerate(tables.items()):
        if number:
            writer.writerow([])
        writer.writerow([title])
        writer.writerows([str(value) for value in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(tables: dict[str, list[list]], title: str) -> bytes:
    """The three tables, a sheet each (numbers stay numbers); deterministic bytes."""
    from openpyxl import Workbook  # imported where used (records/table.py says why)

    book = Workbook(write_only=True)
    for name, rows in tables.items():
        sheet = book.create_sheet(name[:31])
        sheet.append([name])
        for row in rows:
            sheet.append([float(v) if not isinstance(v, (int, str)) else v for v in row])
    book.properties.creator = title
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    book.save(raw)
    return pin_zip_dates(raw.getvalue())
