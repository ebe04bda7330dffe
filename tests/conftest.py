"""Test fixtures: a small project built from a dict of files (MkDocs' tempdir, Hugo's txtar)."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from generator.build import BuildResult, build
from generator.diagnostics import format_text

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_TODAY = date(2026, 11, 26)  # the example's content is dated up to this day

PLATFORM = """\
name: 测试市政府网站集约化平台
base_url: https://www.example.gov.cn/
sites:
  - id: portal
    title: 测试市人民政府
    kind: portal
    org: szf
    hosts: [mzj]
    identity:
      site_code: "5200000001"
      icp: 测ICP备00000000号
      sponsor: 测试市人民政府办公室
      contact: "0851-80000000"
"""

SZF = """\
org:
  id: szf
  name: 测试市人民政府
  kind: government
  code: "000000001"
  offices: [办公室]
items:
  - id: zfwj
    l1: 政策文件
    l2: 政府文件
    time_limit: 信息形成或者变更之日起20个工作日内
    office: 办公室
  - id: zcjd
    l1: 政策解读
    l2: 文件解读
    time_limit: 关联文件公开后3个工作日内
    office: 办公室
"""

MZJ = """\
org:
  id: mzj
  name: 测试市民政局
  kind: department
  code: "000000002"
  offices: [办公室, 社会救助科]
items:
  - id: dibao-policy
    一级事项: 最低生活保障
    二级事项: 政策文件
    公开时限: 制定或获取信息之日起10个工作日内
    公开主体: 社会救助科
"""


def doc(title: str, org: str = "szf", item: str = "zfwj", type: str = "文件", published: str = "2025-05-20",
        body: str = "正文。", **extra: str) -> str:
    """A document's text; extra front-matter lines as key=value (values written as given)."""
    lines = [f"title: {title}", f"org: {org}", f"item: {item}", f"type: {type}", "written: 2025-05-06",
             f"published: {published}"] + [f"{key}: {value}" for key, value in extra.items()]
    lines += [] if "disclosure" in extra else ["disclosure: 主动公开"]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


BASE = {
    "platform.yaml": PLATFORM,
    "catalogs/szf.yaml": SZF,
    "catalogs/mzj.yaml": MZJ,
    "content/szf/notice.md": doc("测试市人民政府关于做好政务公开工作的通知", doc_number="测府发〔2025〕1号"),
}


@dataclass
class Project:
    root: Path

    @property
    def out(self) -> Path:
        return self.root / "public"

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")

    def remove(self, path: str) -> None:
        (self.root / path).unlink()

    def build(self, **options) -> BuildResult:
        return build(self.root, **options)

    def text(self, result: BuildResult) -> str:
        return format_text(result.diagnostics, self.root)

    def read(self, site_path: str) -> str:
        return (self.out / site_path).read_text(encoding="utf-8")

    def codes(self, result: BuildResult) -> list[str]:
        return [d.code for d in result.diagnostics]


@pytest.fixture
def make_project(tmp_path: Path):
    """make_project({path: text or None}) → a Project on disk; None removes a BASE file."""

    def make(files: dict[str, str | None] | None = None, base: bool = True) -> Project:
        project = Project(tmp_path / "project")
        merged = {**(BASE if base else {}), **(files or {})}
        for path, text in merged.items():
            if text is not None:
                project.write(path, text)
        return project

    return make


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> tuple[Path, BuildResult]:
    """The repository's own example platform, built once for the whole session."""
    out = tmp_path_factory.mktemp("example") / "public"
    result = build(REPO, out=out, today=EXAMPLE_TODAY)
    assert result.exit_code == 0, format_text(result.diagnostics, REPO)
    return out, result


def copy_example(destination: Path) -> Path:
    for name in ("platform.yaml", "catalogs", "content", "themes", "data"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        else:
            shutil.copy(source, destination / name)
    return destination


def as_json(result: BuildResult) -> list[dict]:
    return json.loads(json.dumps([d.model_dump() for d in result.diagnostics], ensure_ascii=False))


def text_pdf(path: Path, lines: list[tuple[str | list[list[str]], float, str]]) -> Path:
    """A PDF with a real Chinese text layer (reportlab's CID font STSong-Light), laid out like a 公文:
    each (text, size, how) is a centered line, a right-aligned line ("right"), a paragraph wrapped at
    the margins with its first line indented two characters ("para") or not ("flush"), or a ruled
    table of the rows given as text ("table")."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    from reportlab.platypus import Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = A4
    left, right = 79.0, width - 79.0
    page = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    y = height - 100
    for text, size, how in lines:
        page.setFont("STSong-Light", size)
        if how == "table":
            table = Table(text, colWidths=[(right - left) / len(text[0])] * len(text[0]))
            table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "STSong-Light", size),
                                       ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
            _, table_height = table.wrapOn(page, right - left, height)
            table.drawOn(page, left, y - table_height + size)
            y -= table_height + size
            continue
        if how in ("center", "right"):
            (page.drawCentredString(width / 2, y, text) if how == "center"
             else page.drawRightString(right - 4 * size, y, text))
            y -= size * 1.6
            continue
        per_line, indent = int((right - left) // size), 0 if how == "flush" else 2
        wrapped, rest = [text[: per_line - indent]], text[per_line - indent:]
        while rest:
            wrapped, rest = wrapped + [rest[:per_line]], rest[per_line:]
        for number, line in enumerate(wrapped):
            if y < 80:
                page.showPage()
                page.setFont("STSong-Light", size)
                y = height - 80
            page.drawString(left + (indent * size if number == 0 else 0), y, line)
            y -= size * 1.6
    page.save()
    return path


def image_pdf(path: Path) -> Path:
    """A scan: one page holding only an image, no text layer."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), invariant=1)
    page.drawImage(ImageReader(Image.new("RGB", (60, 80), "white")), 50, 50, 300, 400)
    page.save()
    return path


def search_entries(site_dir) -> dict[str, dict]:
    """The search index's result details (search/index/d-N.js) by page path."""
    entries = {}
    for chunk in sorted((site_dir / "search" / "index").glob("d-*.js")):
        text = chunk.read_text(encoding="utf-8")
        # each document's details: JSON in a single-quoted string, whose only escapes are \\ and \'
        strings = re.findall(r"'((?:[^'\\]|\\.)*)'", text[text.index("["):])
        entries.update((e["p"], e) for e in (json.loads(re.sub(r"\\(.)", r"\1", s)) for s in strings))
    return entries
