"""`gongkai import-catalog FILE.xlsx --org ID`: an official 标准目录 spreadsheet → catalogs/ID.yaml.

Reads the national two-row-header table (序号 | 公开事项 一级/二级 | 公开内容 | 公开依据 | 公开时限 |
公开主体 | 公开渠道和载体 with ■/□ boxes | 公开对象, 公开方式 and 公开层级 with √ marks | optional
网站所属栏目), as departments publish it and as `catalog_export` writes it.  Merged cells are filled in
(一级事项 merged down a block of rows, headers merged across), every row becomes a CatalogItem
validated like a hand-written one, and a row that cannot be read is named with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from openpyxl import load_workbook
from pydantic import ValidationError

from .models import SECTIONS, CatalogItem

TICKS = {"√", "✓", "✔", "☑", "■", "●", "是", "Y", "y", "1"}
SECTION_BY_SLUG = {slug: name for name, slug in SECTIONS.items()}


@dataclass
class ImportResult:
    items: list[dict] = field(default_factory=list)   # canonical catalog items, ready for YAML
    problems: list[str] = field(default_factory=list)  # "第 N 行：…" for rows that could not be read
    org_name: str | None = None                       # from the title row, if any


def _key(value: object) -> str:
    """A header cell, normalized for matching: no spaces, half-width parentheses."""
    text = "" if value is None else str(value)
    return re.sub(r"\s+", "", text.replace("（", "(").replace("）", ")"))


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _split(text: str, citations: bool = False) -> list[str]:
    """A catalog cell holding several entries: '；' or line separated, '1.…2.…' numbered, or '、' separated
    (for 公开依据 only between citations: '《甲》第五条、第六条、《乙》' is two entries)."""
    text = text.strip()
    if not text:
        return []
    if re.search(r"[；;\n]", text):
        parts = re.split(r"[；;\n]+", text)
    elif re.match(r"^\s*1[.、．]", text):
        parts = re.split(r"\s*\d+[.、．]\s*", text)
    elif citations:
        parts = re.split(r"、(?=《)", text)
    else:
        parts = _split_outside_brackets(text, "、")
    return [re.sub(r"^\d+[.、．]\s*", "", p).strip() for p in parts if p.strip()]


def _split_outside_brackets(text: str, separator: str) -> list[str]:
    """Split on `separator` except inside 《…》 or (…) — a law's title may itself contain 、."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += char in "《(（" and 1 or 0
        depth -= char in "》)）" and 1 or 0
        if char == separator and depth <= 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return parts + [current]


def read_catalog(path: Path, existing_items: list[CatalogItem], offices: list[str], org_name: str | None) -> ImportResult:
    book = load_workbook(path, data_only=True)
    sheet = next((ws for ws in book.worksheets if _header_row(ws)), book.active)
    result = ImportResult()
    header_row = _header_row(sheet)
    if header_row is None:
        result.problems.append("找不到表头：表中没有“序号”一列（应为两行表头的标准目录表）")
        return result
    for row in sheet.iter_rows(min_row=1, max_row=header_row - 1, values_only=True):
        title = next((str(v) for v in row if v), "")
        found = re.match(r"^(.+?)(?:政务公开)?(?:标准(?:规范)?(?:目录|清单))", title.strip())
        if found:
            result.org_name = found.group(1)
    columns = _columns(sheet, header_row)
    known = {(i.l1, i.l2): i for i in existing_items}
    org_prefix = org_name or result.org_name or ""
    previous_l1 = ""
    for number, row in enumerate(sheet.iter_rows(min_row=header_row + 2, values_only=True), start=header_row + 2):
        cells = {key: row[index] for key, index in columns.items() if index < len(row)}
        if not any(v not in (None, "") for v in row):
            continue
        l1 = _text(cells.get("l1")) or previous_l1
        previous_l1 = l1
        item, problem = _item(cells, l1, known, org_prefix, offices, number)
        if problem:
            result.problems.append(f"第 {number} 行：{problem}")
        else:
            result.items.append(item)
    return result


def _header_row(sheet) -> int | None:
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, 15)):
        if any(_key(c.value) == "序号" for c in row):
            return row[0].row
    return None


def _columns(sheet, header_row: int) -> dict[str, int]:
    """Column index of each field, from the two header rows (merged top cells carried across)."""
    top_values = [_key(c.value) for c in sheet[header_row]]
    sub_values = [_key(c.value) for c in sheet[header_row + 1]]
    columns: dict[str, int] = {}
    current_top = ""
    for index, (top, sub) in enumerate(zip(top_values, sub_values)):
        current_top = top or current_top
        name = sub or current_top
        key = {
            "序号": "number", "一级事项": "l1", "一级目录": "l1", "二级事项": "l2", "二级目录": "l2",
            "公开内容(要素)": "content", "公开内容": "content", "公开依据": "basis", "公开时限": "time_limit",
            "公开主体": "office", "公开渠道和载体": "channels", "公开渠道": "channels", "全社会": "audience:全社会",
            "特定群体": "audience:特定群体", "特定群众": "audience:特定群体", "主动": "mode:主动", "依申请": "mode:依申请",
            "依申请公开": "mode:依申请", "网站所属栏目": "column",
        }.get(name)
        if key is None and current_top == "公开层级" and sub:
            key = f"level:{sub}"
        if key and key not in columns:
            columns[key] = index
    return columns


def _item(cells: dict[str, object], l1: str, known: dict, org_prefix: str, offices: list[str],
          number: int) -> tuple[dict, str | None]:
    l2 = _text(cells.get("l2"))
    if not l1 or not l2:
        return {}, "缺少一级事项或二级事项"
    column = _text(cells.get("column"))
    slug, _, column_id = column.rpartition("/")
    existing = known.get((l1, l2))
    item_id = column_id or (existing.id if existing else f"item-{_text(cells.get('number')) or number}")
    office = _text(cells.get("office"))
    if org_prefix and office.startswith(org_prefix) and office != org_prefix:
        office = office[len(org_prefix):]
    channels_text = str(cells.get("channels") or "")
    if "■" in channels_text or "□" in channels_text:
        channels = re.findall(r"■\s*([^■□\s]+)", channels_text)
    else:
        channels = _split(channels_text)
    ticked = lambda key: _text(cells.get(key)) in TICKS  # noqa: E731
    data = {
        "id": item_id, "l1": l1, "l2": l2,
        "content": _split(str(cells.get("content") or "")), "basis": _split(str(cells.get("basis") or ""), citations=True),
        "time_limit": _text(cells.get("time_limit")), "office": office, "channels": channels,
        "audience": "特定群体" if ticked("audience:特定群体") and not ticked("audience:全社会") else "全社会",
        "mode": "依申请" if ticked("mode:依申请") and not ticked("mode:主动") else "主动",
        "level": [key.split(":", 1)[1] for key in cells if key.startswith("level:") and ticked(key)],
    }
    if slug in SECTION_BY_SLUG and slug != "fdzdgknr":
        data["section"] = SECTION_BY_SLUG[slug]
    if existing:  # keep what the table cannot say (profile, description)
        data.update({k: v for k, v in existing.model_dump(include={"profile", "description"}).items() if v})
    try:
        CatalogItem.model_validate(data)
    except ValidationError as exc:
        return {}, "；".join(_problem(e) for e in exc.errors())
    if offices and office not in offices:
        return {}, f"公开主体“{office}”不在本单位的处室（offices）中"
    return data, None


def _problem(error: dict) -> str:
    field_name = ".".join(str(p) for p in error["loc"]) or "行"
    names = {"time_limit": "公开时限", "id": "网站所属栏目", "office": "公开主体", "l1": "一级事项", "l2": "二级事项"}
    label = names.get(field_name, field_name)
    if error["type"] == "time_limit":
        return f"无法识别公开时限“{error.get('input')}”"
    if error["type"] == "string_pattern_mismatch":
        return f"{label}“{error.get('input')}”不是合法的栏目编号（小写字母、数字和连字符）"
    if error["type"] == "missing":
        return f"缺少{label}"
    return f"{label}：{error['msg']}"


def write_catalog(target: Path, org: dict, items: list[dict], source: Path) -> None:
    header = (f"# 由 gongkai import-catalog 从 {source.name} 导入。请核对 org 中的组织机构代码、处室和联系方式。\n")
    body = yaml.safe_dump({"org": org, "items": items}, allow_unicode=True, sort_keys=False, width=1000)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(header + body, encoding="utf-8")
