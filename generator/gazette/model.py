"""What the gazette's files say (gazette/gazette.yaml and one YAML per issue), and an issue as the
build holds it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Literal

from pydantic import AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ..diagnostics import Position

# 《党政机关公文处理工作条例》's 15 kinds of 公文 (文种); 令 is written for 命令（令）
DOC_KINDS = ("决议", "决定", "命令（令）", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复",
             "议案", "函", "纪要")
KIND_SLUGS = dict(zip(DOC_KINDS, ("jueyi", "jueding", "mingling", "gongbao", "gonggao", "tonggao", "yijian",
                                  "tongzhi", "tongbao", "baogao", "qingshi", "pifu", "yian", "han", "jiyao")))
OTHER_KIND = "其他"
KIND_SLUGS[OTHER_KIND] = "qita"


def _doc_kind(value: object) -> object:
    """令, 命令 and 命令(令) are one 文种."""
    if isinstance(value, str) and value.strip() in ("令", "命令", "命令(令)"):
        return "命令（令）"
    return value


def kind_of(title: str, doc_number: str | None) -> str:
    """The 文种 a title ends with (…的通知 → 通知), a 政府令's number (…令第2号) → 命令（令）, else 其他."""
    if doc_number and "令第" in doc_number or title.rstrip("）)").endswith("令") or "令（第" in title:
        return "命令（令）"
    for kind in sorted(DOC_KINDS, key=len, reverse=True):
        if title.endswith(kind.removesuffix("（令）")):
            return kind
    return OTHER_KIND


DocKind = Annotated[Literal[DOC_KINDS], BeforeValidator(_doc_kind)]


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, populate_by_name=True)


def cn(name: str, *aliases: str) -> AliasChoices:
    return AliasChoices(name, *aliases)


class GazetteConfig(_Schema):
    """gazette/gazette.yaml: the gazette itself and how many issues each year should have."""

    title: str = Field(min_length=1, validation_alias=cn("title", "名称", "刊名"))
    org: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", validation_alias=cn("org", "主办单位"))
    since: int | None = Field(default=None, ge=1949, le=2100, validation_alias=cn("since", "创刊年份"))
    per_year: int = Field(default=12, ge=1, le=99, validation_alias=cn("per_year", "每年期数"))
    years: dict[int, Annotated[int, Field(ge=1, le=99)]] = Field(default_factory=dict,
                                                                  validation_alias=cn("years", "各年期数"))
    sections: list[str] = Field(min_length=1, validation_alias=cn("sections", "栏目"))
    description: str | None = Field(default=None, validation_alias=cn("description", "简介"))

    @model_validator(mode="after")
    def _unique_sections(self) -> GazetteConfig:
        twice = sorted({s for s in self.sections if self.sections.count(s) > 1})
        if twice:
            raise PydanticCustomError("value_error", "栏目重复：{names}", {"names": "、".join(twice)})
        return self

    def expected(self, year: int) -> int:
        """Issues the year should have."""
        return self.years.get(year, self.per_year)


class ContentsEntry(_Schema):
    """One line of an issue's table of contents: a document of the platform (`doc`), or a text of
    the gazette's own (`title`, with its `body` when the text is at hand; title only for a scan)."""

    section: str = Field(min_length=1, validation_alias=cn("section", "栏目"))
    doc: str | None = Field(default=None, min_length=1, validation_alias=cn("doc", "文档"))
    title: str | None = Field(default=None, min_length=1, validation_alias=cn("title", "标题"))
    doc_number: str | None = Field(default=None, min_length=1, validation_alias=cn("doc_number", "文号", "发文字号"))
    type: DocKind | None = Field(default=None, validation_alias=cn("type", "文种"))
    body: str | None = Field(default=None, min_length=1, validation_alias=cn("body", "正文"))
    page: int | None = Field(default=None, ge=1, validation_alias=cn("page", "页码"))

    @model_validator(mode="after")
    def _one_kind(self) -> ContentsEntry:
        if self.doc and (self.title or self.doc_number or self.body):
            raise PydanticCustomError("value_error", "引用平台文档（doc）的条目不再写 title、doc_number 或 body："
                                      "标题和文号取自该文档")
        if not self.doc and not self.title:
            raise PydanticCustomError("value_error", "条目要么写 doc（平台上的文档编号），要么写 title（公报刊载的标题）")
        return self


class IssueFile(_Schema):
    """gazette/<year>/<nn>.yaml: one issue."""

    issue: int = Field(ge=1, le=99, validation_alias=cn("issue", "期号"))
    total: int = Field(ge=1, validation_alias=cn("total", "总期号"))
    published: date = Field(validation_alias=cn("date", "日期", "出版日期", "published"))
    pdf: str = Field(min_length=1, validation_alias=cn("pdf", "PDF", "文件"))  # checked by stage.py
    contents: list[ContentsEntry] = Field(default_factory=list, validation_alias=cn("contents", "目录"))


@dataclass(frozen=True)
class Text:
    """A gazette-only text with its body, rendered (links to documents still gk: placeholders)."""

    html: str
    sections: list[tuple[str, str, str, str]]  # (anchor, heading, text, context) for search
    links: list[tuple[str, str, int]]          # (link as written, document id, line) its body links to


@dataclass(frozen=True)
class Item:
    """An entry of an issue as loaded: where it is written, and its text when it has a body."""

    number: int        # 1-based place in the issue's contents
    entry: ContentsEntry
    doc_at: Position   # where its `doc:` is written
    section_at: Position  # … and its `section:`
    text: Text | None = None


@dataclass(frozen=True)
class Issue:
    year: int
    file: str          # project-relative YAML file
    meta: IssueFile
    items: list[Item]
    pdf: str           # project-relative PDF file
    pdf_size: int
    at_issue: Position
    at_total: Position

    @property
    def number(self) -> int:
        return self.meta.issue

    @property
    def folder(self) -> str:
        """The issue's folder in the site: zfgb/2025/03."""
        return f"zfgb/{self.year}/{self.number:02d}"


@dataclass(frozen=True)
class Gazette:
    """What the gazette kind loaded: its settings (None when gazette.yaml failed) and its issues,
    oldest first."""

    config: GazetteConfig | None
    issues: list[Issue] = field(default_factory=list)
    expected_at: dict[int, Position] = field(default_factory=dict)  # year -> where its count is declared
    per_year_at: Position | None = None
    org_at: Position | None = None
