"""What a catalog item's `records:` says (SPEC §2.4), and a row as the build holds it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

FieldType = Literal["text", "number", "money", "date", "link", "doc"]
PersonalKind = Literal["name", "id_number", "phone", "bank_card"]
Value = str | int | Decimal | date | None  # a cell as published: text, number, money, date; None when empty


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, populate_by_name=True)


class FieldSpec(_Spec):
    """One column of the table, in display order."""

    name: str = Field(min_length=1, validation_alias=AliasChoices("name", "名称"))  # the header as written
    type: FieldType = Field(default="text", validation_alias=AliasChoices("type", "类型"))
    personal: PersonalKind | None = Field(default=None, validation_alias=AliasChoices("personal", "个人信息"))
    facet: bool = Field(default=False, validation_alias=AliasChoices("facet", "筛选"))
    values: list[str] = Field(default_factory=list, validation_alias=AliasChoices("values", "可选值"))
    required: bool = Field(default=True, validation_alias=AliasChoices("required", "必填"))
    key: bool = Field(default=False, validation_alias=AliasChoices("key", "主键"))  # unique in the table
    # a column of the table pages; a field that is not is shown on its row's own page only (`detail`)
    brief: bool = Field(default=True, validation_alias=AliasChoices("brief", "列表显示"))

    @model_validator(mode="after")
    def _consistent(self) -> FieldSpec:
        if self.personal and (self.facet or self.key):
            raise PydanticCustomError("value_error", "个人信息字段不能作为筛选项或主键（发布的是打码后的值）")
        if self.values and not self.facet:
            raise PydanticCustomError("value_error", "values（可选值）只用于 facet: true 的筛选字段")
        return self


class RecordsSpec(_Spec):
    file: list[str] = Field(min_length=1, validation_alias=AliasChoices("file", "文件"))  # project-relative
    sheet: str | None = Field(default=None, validation_alias=AliasChoices("sheet", "工作表"))
    fields: list[FieldSpec] = Field(min_length=1, validation_alias=AliasChoices("fields", "字段"))
    sort: str | None = Field(default=None, validation_alias=AliasChoices("sort", "排序"))  # newest / largest first
    updated: date | None = Field(default=None, validation_alias=AliasChoices("updated", "更新日期"))
    detail: bool = Field(default=False, validation_alias=AliasChoices("detail", "详情页"))  # a page for each row

    @field_validator("file", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _names(self) -> RecordsSpec:
        names = [f.name for f in self.fields]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise PydanticCustomError("value_error", "字段名重复：{names}", {"names": "、".join(twice)})
        if self.sort and self.sort not in names:
            raise PydanticCustomError("value_error", "sort 应为 fields 中的字段名：{sort}", {"sort": self.sort})
        return self

    @model_validator(mode="after")
    def _brief(self) -> RecordsSpec:
        """A field left out of the table pages is shown on its row's own page, so the table needs them."""
        hidden = [f.name for f in self.fields if not f.brief]
        if hidden and not self.detail:
            raise PydanticCustomError("value_error", "字段 {names} 只在详情页显示（brief: false），"
                                      "数据表须设 detail: true（每行一个详情页）",
                                      {"names": "、".join(hidden)})
        if len(hidden) == len(self.fields):
            raise PydanticCustomError("value_error", "至少要有一个字段在列表中显示（brief: true）")
        return self

    @property
    def facets(self) -> list[FieldSpec]:
        return [f for f in self.fields if f.facet]


@dataclass(frozen=True)
class Record:
    """One row as published: every personal field already masked (table.py never hands on an
    unmasked value), every other value typed."""

    file: str                 # project-relative table file
    line: int                 # the row as a spreadsheet shows it (or the YAML line)
    values: dict[str, Value]  # field name -> value
    columns: dict[str, int]   # field name -> its 1-based column in the file (one dict shared by a file's rows)


Tables = dict[tuple[str, str], list[Record]]  # (organization, item) -> the rows of a records column


def newest(spec: RecordsSpec, records: list[Record]) -> date | None:
    """When the table was last updated: its declared date, or its newest date value."""
    dates = [v for r in records for f in spec.fields if f.type == "date"
             for v in [r.values.get(f.name)] if isinstance(v, date)]
    return max([d for d in (spec.updated, max(dates, default=None)) if d], default=None)
