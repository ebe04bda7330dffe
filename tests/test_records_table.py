"""Reading and checking a records table (SPEC §2.4): generator/records/table.py and personal.mask_personal."""

from __future__ import annotations

import csv
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from generator.diagnostics import Position, Reporter
from generator.personal import mask_personal
from generator.records.model import RecordsSpec
from generator.records.table import read_records

WHERE = Position(file="catalogs/czj.yaml", line=12, column=5)
ID_NUMBER = "11010519491231002X"  # valid check digit
CARD = "6222021234567890128"       # valid Luhn
MOBILE = "13812345678"

FIELDS = [
    {"name": "编号", "key": True},
    {"name": "补贴项目", "facet": True, "values": ["耕地地力保护补贴", "农机购置补贴"]},
    {"name": "金额（元）", "type": "money"},
    {"name": "发放日期", "type": "date"},
    {"name": "户数", "type": "number"},
    {"name": "政策依据", "type": "doc", "required": False},
    {"name": "网址", "type": "link", "required": False},
]
HEADER = ["编号", "补贴项目", "金额（元）", "发放日期", "户数", "政策依据", "网址"]


def spec(files: str | list[str], fields: list[dict] = FIELDS, **more: object) -> RecordsSpec:
    return RecordsSpec.model_validate({"file": files, "fields": fields, **more})


def read(project: Path, records_spec: RecordsSpec) -> tuple[list, list[tuple]]:
    reporter = Reporter()
    records = read_records(project, records_spec, WHERE, reporter)
    return records, [(d.code, d.file, d.line, d.column, d.message) for d in reporter.diagnostics]


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding=encoding) as out:
        csv.writer(out).writerows(rows)


def write_xlsx(path: Path, rows: list[list[object]], merges: tuple[str, ...] = (), title: str | None = None) -> Workbook:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    sheet = book.active
    if title:
        sheet.title = title
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    book.save(path)
    return book


def values(records: list) -> list[tuple[str, int, dict]]:
    return [(r.file, r.line, r.values) for r in records]


# --- clean tables -------------------------------------------------------------------------------


def test_csv_reads_typed_values(tmp_path):
    write_csv(tmp_path / "data/ffmd.csv", [
        HEADER,
        ["A001", "耕地地力保护补贴", "1,234.50", "2025-05-06", "1,234", "czj-2025-01", "https://www.gov.cn/a.html"],
        ["A002", "农机购置补贴", "1234.5元", "2025/5/6", "12.50", "", ""],
        ["A003", "农机购置补贴", "￥1234", "2025.5.6", "7", "", ""],
        ["A004", "农机购置补贴", "-3", "2025年5月6日", "0", "", ""],
    ])
    records, problems = read(tmp_path, spec("data/ffmd.csv"))
    assert problems == []
    assert values(records) == [
        ("data/ffmd.csv", 2, {"编号": "A001", "补贴项目": "耕地地力保护补贴", "金额（元）": Decimal("1234.50"),
                              "发放日期": date(2025, 5, 6), "户数": 1234, "政策依据": "czj-2025-01",
                              "网址": "https://www.gov.cn/a.html"}),
        ("data/ffmd.csv", 3, {"编号": "A002", "补贴项目": "农机购置补贴", "金额（元）": Decimal("1234.5"),
                              "发放日期": date(2025, 5, 6), "户数": Decimal("12.50"), "政策依据": None, "网址": None}),
        ("data/ffmd.csv", 4, {"编号": "A003", "补贴项目": "农机购置补贴", "金额（元）": Decimal("1234"),
                              "发放日期": date(2025, 5, 6), "户数": 7, "政策依据": None, "网址": None}),
        ("data/ffmd.csv", 5, {"编号": "A004", "补贴项目": "农机购置补贴", "金额（元）": Decimal("-3"),
                              "发放日期": date(2025, 5, 6), "户数": 0, "政策依据": None, "网址": None}),
    ]
    assert str(records[0].values["金额（元）"]) == "1234.50"  # two decimals kept as written
    assert type(records[0].values["户数"]) is int


def test_csv_with_bom_and_gb18030_csv(tmp_path):
    rows = [["编号", "补贴项目"], ["甲-1", "农机购置补贴"]]
    fields = [{"name": "编号"}, {"name": "补贴项目"}]
    write_csv(tmp_path / "data/bom.csv", rows, encoding="utf-8-sig")
    write_csv(tmp_path / "data/gbk.csv", rows, encoding="gb18030")
    assert (tmp_path / "data/gbk.csv").read_bytes().startswith("编号".encode("gb18030"))
    records, problems = read(tmp_path, spec(["data/bom.csv", "data/gbk.csv"], fields))
    assert problems == []
    assert values(records) == [("data/bom.csv", 2, {"编号": "甲-1", "补贴项目": "农机购置补贴"}),
                               ("data/gbk.csv", 2, {"编号": "甲-1", "补贴项目": "农机购置补贴"})]


def test_xlsx_as_a_department_saves_it(tmp_path):
    """Merged title rows, the header on row 3 with a newline and full-width spaces in a cell, an empty row
    in the middle, trailing empty (but formatted) rows and columns, dates as date cells and as serials,
    numbers stored as text, numbers in a text column."""
    path = tmp_path / "data/ffmd.xlsx"
    book = write_xlsx(path, [
        ["2025年耕地地力保护补贴发放名单"],
        ["填报单位：测试县财政局", None, None, "单位：元"],
        ["编号", "补贴\n项目", "金额（元）", "发放　日期", "户数", None, None],
        [1001, "耕地地力保护补贴", 1234.5, datetime(2025, 5, 6), "1,234"],
        [None, None, None, None, None],
        [1002.0, "农机购置补贴", "2,000.00", 45783, "3"],
        ["A-3", "农机购置补贴", 12, "2025/5/6", 4.0],
    ], merges=("A1:E1", "A2:C2"))
    sheet = book.active
    for row in range(8, 12):
        sheet.cell(row=row, column=1).font = Font(bold=True)  # empty cells that still are in the file
    sheet.cell(row=3, column=9).font = Font(bold=True)
    book.save(path)
    fields = [f for f in FIELDS if f["name"] not in ("政策依据", "网址")]
    records, problems = read(tmp_path, spec("data/ffmd.xlsx", fields))
    assert problems == []
    assert values(records) == [
        ("data/ffmd.xlsx", 4, {"编号": "1001", "补贴项目": "耕地地力保护补贴", "金额（元）": Decimal("1234.5"),
                               "发放日期": date(2025, 5, 6), "户数": 1234}),
        ("data/ffmd.xlsx", 6, {"编号": "1002", "补贴项目": "农机购置补贴", "金额（元）": Decimal("2000.00"),
                               "发放日期": date(2025, 5, 6), "户数": 3}),
        ("data/ffmd.xlsx", 7, {"编号": "A-3", "补贴项目": "农机购置补贴", "金额（元）": Decimal("12"),
                               "发放日期": date(2025, 5, 6), "户数": 4}),
    ]


def test_xlsx_sheet_by_name_and_serial_dates_in_csv(tmp_path):
    path = tmp_path / "data/t.xlsx"
    book = write_xlsx(path, [["说明"]], title="说明")
    other = book.create_sheet("名单")
    other.append(["编号", "发放日期"])
    other.append(["x", 45658])      # 2025-01-01
    other.append(["y", 45658.75])   # a date and time: the date
    book.save(path)
    write_csv(tmp_path / "data/t.csv", [["编号", "发放日期"], ["z", "45783"]])
    fields = [{"name": "编号", "key": True}, {"name": "发放日期", "type": "date"}]
    records, problems = read(tmp_path, spec(["data/t.xlsx", "data/t.csv"], fields, sheet="名单"))
    assert problems == []
    assert [(r.line, r.values) for r in records] == [
        (2, {"编号": "x", "发放日期": date(2025, 1, 1)}), (3, {"编号": "y", "发放日期": date(2025, 1, 1)}),
        (2, {"编号": "z", "发放日期": date(2025, 5, 6)}),
    ]


def test_yaml_values_as_written(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data/t.yaml").write_text(
        "# 政务新媒体名录\n"
        "- 编号: 0123\n"
        "  补贴项目: 农机购置补贴\n"
        "  金额（元）: 1234.50\n"
        "  发放日期: 2025-05-06\n"
        "  户数: 1,234\n"
        "  网址: https://weibo.com/x\n"
        "- {编号: B2, 补贴项目: 农机购置补贴, 金额（元）: ~, 发放日期: 2025年5月6日, 户数: '7'}\n",
        encoding="utf-8")
    records, problems = read(tmp_path, spec("data/t.yaml"))
    assert problems == []
    assert values(records) == [
        ("data/t.yaml", 2, {"编号": "0123", "补贴项目": "农机购置补贴", "金额（元）": Decimal("1234.50"),
                            "发放日期": date(2025, 5, 6), "户数": 1234, "政策依据": None, "网址": "https://weibo.com/x"}),
        ("data/t.yaml", 8, {"编号": "B2", "补贴项目": "农机购置补贴", "金额（元）": None,
                            "发放日期": date(2025, 5, 6), "户数": 7, "政策依据": None, "网址": None}),
    ]


def test_a_list_of_files_is_one_table_in_file_order(tmp_path):
    fields = [{"name": "编号", "key": True}, {"name": "金额", "type": "money"}]
    write_csv(tmp_path / "data/2025-1.csv", [["编号", "金额"], ["1", "5"], ["2", "6"]])
    write_xlsx(tmp_path / "data/2025-2.xlsx", [["编号", "金额"], ["3", 7], ["1", 8]])
    (tmp_path / "data/2025-3.yaml").write_text("- {编号: '4', 金额: 9}\n", encoding="utf-8")
    records, problems = read(tmp_path, spec(["data/2025-1.csv", "data/2025-2.xlsx", "data/2025-3.yaml"], fields))
    assert [(r.file, r.line, r.values["编号"], r.values["金额"]) for r in records] == [
        ("data/2025-1.csv", 2, "1", Decimal(5)), ("data/2025-1.csv", 3, "2", Decimal(6)),
        ("data/2025-2.xlsx", 2, "3", Decimal(7)), ("data/2025-2.xlsx", 3, None, Decimal(8)),
        ("data/2025-3.yaml", 1, "4", Decimal(9)),
    ]
    assert problems == [("E915", "data/2025-2.xlsx", 3, 1,
                         "单元格 A3（编号）的值 \"1\" 重复，首次出现在 data/2025-1.csv 第 2 行")]


# --- personal data ------------------------------------------------------------------------------

PERSONAL = [{"name": "姓名", "personal": "name"}, {"name": "身份证号", "personal": "id_number"},
            {"name": "联系电话", "personal": "phone"}, {"name": "银行卡号", "personal": "bank_card"},
            {"name": "备注", "required": False}]


@pytest.mark.parametrize("kind, value, masked", [
    ("name", "张三", "张*"), ("name", "张三明", "张*明"), ("name", "欧阳娜娜", "欧**娜"), ("name", "买买提·艾力", "买**力"),
    ("name", "张", "*"), ("name", "", ""), ("name", " 李　四 ", "李*"),
    ("id_number", ID_NUMBER, "110105********002X"), ("id_number", "11010519491231002x", "110105********002X"),
    ("id_number", "110105491231002", "110105********1002"), ("id_number", "1234567890", "**********"),
    ("phone", MOBILE, "138****5678"), ("phone", "+86 138-1234-5678", "138****5678"), ("phone", "0851-8888888", "085****8888"),
    ("phone", "1234567", "*******"), ("phone", "无", "*"),
    ("bank_card", CARD, "6222****0128"), ("bank_card", "6222 0212 3456 7890 128", "6222****0128"),
    ("bank_card", "12345678", "********"),
])
def test_mask_personal(kind, value, masked):
    assert mask_personal(kind, value) == masked


def test_personal_fields_are_masked_and_never_returned_raw(tmp_path):
    rows = [["姓名", "身份证号", "联系电话", "银行卡号", "备注"],
            ["张三", ID_NUMBER, MOBILE, CARD, "无"],
            ["欧阳娜娜", "110105194912310038", 13900001111, "6222 0212 3456 7890 128", None]]
    write_csv(tmp_path / "data/p.csv", rows)
    write_xlsx(tmp_path / "data/p.xlsx", rows)
    records, problems = read(tmp_path, spec(["data/p.csv", "data/p.xlsx"], PERSONAL))
    assert problems == []
    assert [r.values for r in records] == 2 * [
        {"姓名": "张*", "身份证号": "110105********002X", "联系电话": "138****5678", "银行卡号": "6222****0128", "备注": "无"},
        {"姓名": "欧**娜", "身份证号": "110105********0038", "联系电话": "139****1111", "银行卡号": "6222****0128", "备注": None},
    ]
    published = repr(records)
    for raw in ("张三", "欧阳娜娜", ID_NUMBER, "1949123100", MOBILE, "13900001111", CARD, "3456"):
        assert raw not in published


def test_undeclared_personal_data_stops_at_its_cell_shown_masked(tmp_path):
    write_xlsx(tmp_path / "data/p.xlsx", [
        ["姓名", "备注", "户数"],
        ["张三", f"身份证{ID_NUMBER}", 13812345678],
        ["李四", f"卡号 {CARD}", 1],
        ["王五", "电话 138 1234 5678", 2],
    ])
    fields = [{"name": "姓名", "personal": "name"}, {"name": "备注"}, {"name": "户数", "type": "number"}]
    records, problems = read(tmp_path, spec("data/p.xlsx", fields))
    assert problems == [
        ("E917", "data/p.xlsx", 2, 2, "单元格 B2（备注）中有身份证号：110105********002X（个人信息不得公开）"),
        ("E917", "data/p.xlsx", 2, 3, "单元格 C2（户数）中有手机号：138****5678（个人信息不得公开）"),
        ("E917", "data/p.xlsx", 3, 2, "单元格 B3（备注）中有银行卡号：6222****0128（个人信息不得公开）"),
        ("E917", "data/p.xlsx", 4, 2, "单元格 B4（备注）中有手机号：138****5678（个人信息不得公开）"),
    ]
    assert [r.values for r in records] == [{"姓名": "张*", "备注": None, "户数": None},
                                           {"姓名": "李*", "备注": None, "户数": 1},
                                           {"姓名": "王*", "备注": None, "户数": 2}]
    reporter = Reporter()
    read_records(tmp_path, spec("data/p.xlsx", fields), WHERE, reporter)
    hints = [d.hint for d in reporter.diagnostics]
    assert hints[0] == "删除该信息；如属依法应当公示的内容，在 fields 中为“备注”声明 personal: id_number，发布时按规定打码"
    assert not any(raw in str(d) for d in reporter.diagnostics for raw in (ID_NUMBER, CARD, MOBILE, "1234 5678"))


# --- problems -----------------------------------------------------------------------------------


def test_header_problems(tmp_path):
    write_csv(tmp_path / "data/h.csv", [
        ["2025年发放名单"],
        ["编 号", "补贴项目 ", "金额(元)", "发放日期", "户 数", "政策根据", "补贴项目", ""],
        ["1", "农机购置补贴", "5", "2025-05-06", "1", "x", "y", ""],
    ])
    fields = [*FIELDS[:5], {"name": "政策依据", "type": "doc"}, FIELDS[6]]
    records, problems = read(tmp_path, spec("data/h.csv", fields))
    assert problems == [
        ("E907", "data/h.csv", 2, None, "缺少字段 \"政策依据\" 的列"),
        ("E906", "data/h.csv", 2, 6, "表头 \"政策根据\"（单元格 F2）不是 fields 中的字段"),
        ("E908", "data/h.csv", 2, 7, "表头 \"补贴项目\"（单元格 G2）与 单元格 B2 是同一字段"),
    ]
    reporter = Reporter()
    read_records(tmp_path, spec("data/h.csv", fields), WHERE, reporter)
    assert [d.hint for d in reporter.diagnostics if d.code == "E906"] == ["是否应为 \"政策依据\"？"]
    assert records[0].values["金额（元）"] == Decimal(5) and records[0].values["户数"] == 1


def test_no_header_in_the_first_rows(tmp_path):
    write_csv(tmp_path / "data/n.csv", [["名单"], *[["说明"]] * 10, HEADER])
    _, problems = read(tmp_path, spec("data/n.csv"))
    assert problems == [("E905", "data/n.csv", 1, None, "找不到表头：前 10 行中没有一行主要由字段名组成")]


def test_cell_problems_all_reported_in_one_run_once_per_cell(tmp_path):
    write_csv(tmp_path / "data/c.csv", [
        HEADER,
        ["A1", "耕地地力保护补贴", "十万", "2025-02-30", "三", "", "www.gov.cn"],
        ["A1", "耕地补贴", "5", "明天", "1.2.3", "", "ftp://x"],
        ["", "农机购置补贴", "5", "20250506", "1", "", "", "多出的值"],
        ["A4", "农机购置补贴", "5", "2025-05-06", "1", "", "", "又一个"],
    ])
    records, problems = read(tmp_path, spec("data/c.csv"))
    f = "data/c.csv"
    assert problems == [
        ("E911", f, 2, 3, "单元格 C2（金额（元））的值 \"十万\" 不是金额"),
        ("E912", f, 2, 4, "单元格 D2（发放日期）的值 \"2025-02-30\" 不是日期"),
        ("E910", f, 2, 5, "单元格 E2（户数）的值 \"三\" 不是数字"),
        ("E913", f, 2, 7, "单元格 G2（网址）的值 \"www.gov.cn\" 不是网址"),
        ("E915", f, 3, 1, "单元格 A3（编号）的值 \"A1\" 重复，首次出现在第 2 行"),
        ("E914", f, 3, 2, "单元格 B3（补贴项目）的值 \"耕地补贴\" 不在可选值中"),
        ("E912", f, 3, 4, "单元格 D3（发放日期）的值 \"明天\" 不是日期"),
        ("E910", f, 3, 5, "单元格 E3（户数）的值 \"1.2.3\" 不是数字"),
        ("E913", f, 3, 7, "单元格 G3（网址）的值 \"ftp://x\" 不是网址"),
        ("E916", f, 4, 1, "单元格 A4（编号）是主键，不能为空"),
        ("E912", f, 4, 4, "单元格 D4（发放日期）的值 \"20250506\" 不是日期"),
        ("E909", f, 4, 8, "单元格 H4 有值 \"多出的值\"，但这一列没有表头"),
    ]
    assert [r.line for r in records] == [2, 3, 4, 5]  # wrong cells are None, never their raw value
    assert records[1].values == {**dict.fromkeys(HEADER), "金额（元）": Decimal(5)}
    assert records[2].values == {"编号": None, "补贴项目": "农机购置补贴", "金额（元）": Decimal(5), "发放日期": None,
                                 "户数": 1, "政策依据": None, "网址": None}
    reporter = Reporter()
    read_records(tmp_path, spec("data/c.csv"), WHERE, reporter)
    assert [d.hint for d in reporter.diagnostics if d.code == "E914"] == ["是否应为 \"耕地地力保护补贴\"？"]


def test_yaml_problems_point_at_the_value(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data/y.yaml").write_text(
        "- 编号: A1\n"
        "  补贴项目: 农机购置补贴\n"
        "  金额（元）: 十万\n"
        "  发放日期: 2025-05-06\n"
        "  户数: 1\n"
        "  备注: x\n"
        "- 编号: A1\n"
        "  补贴项目: 农机购置补贴\n"
        "  备注: y\n", encoding="utf-8")
    records, problems = read(tmp_path, spec("data/y.yaml"))
    assert problems == [
        ("E911", "data/y.yaml", 3, 10, "第 1 条记录（金额（元））的值 \"十万\" 不是金额"),
        ("E906", "data/y.yaml", 6, 3, "表头 \"备注\"（第 1 条记录）不是 fields 中的字段"),
        ("E915", "data/y.yaml", 7, 7, "第 2 条记录（编号）的值 \"A1\" 重复，首次出现在第 1 行"),
    ]
    assert [r.line for r in records] == [1, 7]


def test_yaml_missing_field_and_bad_shapes(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data/y.yaml").write_text("- {编号: A1}\n- 农机购置补贴\n- {编号: [1, 2]}\n", encoding="utf-8")
    fields = [{"name": "编号"}, {"name": "补贴项目"}]
    _, problems = read(tmp_path, spec("data/y.yaml", fields))
    assert problems == [
        ("E907", "data/y.yaml", 1, None, "缺少字段 \"补贴项目\" 的列"),
        ("E903", "data/y.yaml", 2, 3, "无法读取数据表：第 2 条记录应写成 字段名: 值 的映射"),
        ("E903", "data/y.yaml", 3, 8, "无法读取数据表：第 3 条记录的“编号”应为单个值"),
    ]


def test_unreadable_files(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data/ffmd-2025.xlsx").write_bytes(b"")
    (tmp_path / "data/old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "data/zip.xlsx").write_text("这不是表格", encoding="utf-8")
    (tmp_path / "data/bin.csv").write_bytes(b"\x00\x01\xff\xfe\x00")
    (tmp_path / "data/bad.yaml").write_text("- 编号: [A1\n", encoding="utf-8")
    (tmp_path / "data/map.yaml").write_text("编号: A1\n", encoding="utf-8")
    write_xlsx(tmp_path / "data/s.xlsx", [["编号"]], title="名单")
    files = ["data/ffmd-2024.xlsx", "data/old.xls", "data/zip.xlsx", "data/bin.csv", "data/bad.yaml", "data/map.yaml",
             "data/s.xlsx", "nowhere/x.csv"]
    reporter = Reporter()
    records = read_records(tmp_path, spec(files, [{"name": "编号"}], sheet="Sheet2"), WHERE, reporter)
    assert records == []
    found = [(d.code, d.file, d.line, d.column, d.message, d.hint) for d in reporter.diagnostics]
    assert found == [
        ("E901", "catalogs/czj.yaml", 12, 5, "找不到数据表文件 \"data/ffmd-2024.xlsx\"",
         "records.file 中的路径相对于项目根目录；是否应为 \"data/ffmd-2025.xlsx\"？"),
        ("E901", "catalogs/czj.yaml", 12, 5, "找不到数据表文件 \"nowhere/x.csv\"", "records.file 中的路径相对于项目根目录"),
        ("E902", "catalogs/czj.yaml", 12, 5, "数据表 \"data/old.xls\" 是 .xls 文件，无法读取",
         "数据表应为 .csv（UTF-8）、.xlsx 或 .yaml 文件；.xls、.et 文件请先用 Excel 或 WPS 另存为 .xlsx"),
        ("E904", "catalogs/czj.yaml", 12, 5, "数据表 data/s.xlsx 中没有工作表 \"Sheet2\"",
         "表中的工作表有：\"名单\"；改正 records.sheet，或删去它以读取第一个工作表"),
        ("E903", "data/bad.yaml", 1, 7, "无法读取数据表：YAML 语法错误：方括号列表没有闭合，缺少 \",\" 或 \"]\"",
         "确认文件能用 Excel、WPS 或文本编辑器打开，并且没有加密"),
        ("E903", "data/bin.csv", None, None, "无法读取数据表：data/bin.csv 不是 UTF-8 或 GB18030 编码的 CSV 文本",
         "确认文件能用 Excel、WPS 或文本编辑器打开，并且没有加密"),
        ("E903", "data/map.yaml", 1, 1,
         "无法读取数据表：data/map.yaml 应为记录的列表（每条记录一行“- ”开头，写成 字段名: 值）",
         "确认文件能用 Excel、WPS 或文本编辑器打开，并且没有加密"),
        ("E903", "data/zip.xlsx", None, None, "无法读取数据表：data/zip.xlsx 不是有效的 .xlsx 文件",
         "确认文件能用 Excel、WPS 或文本编辑器打开，并且没有加密"),
    ]
