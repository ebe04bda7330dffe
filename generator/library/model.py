"""What the 规章和规范性文件库 reads: platform.yaml's `library:` block (the other platforms whose
published libraries it merges: 一网通查) and a document of a published library.json, as this
library writes it (pages.py `_record`) and other platforms' libraries are read back.

Nothing here imports the rest of gongkai: models.py takes `LibrarySettings` from this module for
`PlatformConfig.library`.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath
from typing import Literal, get_args

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

URL = r"^https?://[^\s]+/$"
Category = Literal["规章", "行政规范性文件"]  # 文种 of the library
CATEGORIES = get_args(Category)


def cn(name: str, *aliases: str) -> AliasChoices:
    return AliasChoices(name, *aliases)


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, populate_by_name=True)


class FederationSource(_Spec):
    """One platform whose library the portals merge: its name (shown as each entry's 来源), where its
    published library.json is (a copy, or a folder holding a published site), and the address its
    relative links resolve against."""

    name: str = Field(min_length=1, validation_alias=cn("name", "名称"))
    file: str | None = Field(default=None, validation_alias=cn("file", "文件"))
    folder: str | None = Field(default=None, validation_alias=cn("folder", "目录"))
    base_url: str = Field(pattern=URL, validation_alias=cn("base_url", "网址"))

    @field_validator("file", "folder")
    @classmethod
    def _inside(cls, value: str | None) -> str | None:
        """A path inside the project, so that `gongkai build` and `serve` see it change (data/ is an input)."""
        if value is not None:
            path = PurePosixPath(value)
            if path.is_absolute() or ".." in path.parts or "\\" in value or not path.parts:
                raise PydanticCustomError("value_error", "应为相对于项目根目录的路径，如 data/federation/示例县/library.json"
                                          "（项目以外的目录可以用符号链接放进 data/federation/）")
        return value


class LibrarySettings(_Spec):
    """platform.yaml `library:` (规章和规范性文件库)."""

    federation: list[FederationSource] = Field(default_factory=list, validation_alias=cn("federation", "一网通查"))


ALIASES = {name: tuple(info.validation_alias.choices) for model in (LibrarySettings, FederationSource)
           for name, info in model.model_fields.items()} | {"library": ("library", "规章和规范性文件库")}


class LibraryRecord(BaseModel):
    """A document of a published library.json.  Fields a newer export may add are ignored: the file is
    another system's output, not something a person typed."""

    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    category: Category
    issuer: str = Field(min_length=1)
    published: date
    doc_number: str | None = None
    reg_no: str | None = None
    index_no: str | None = None
    issuer_code: str | None = None
    written: date | None = None
    effective_from: date | None = None
    effective_to: date | None = None
    validity: Literal["有效", "已修改", "废止", "失效", "尚未生效"] | None = None
    topic: str | None = None
    path: str | None = None    # the page, relative to the publishing site
    url: str | None = None     # the page's address (absolute where the publishing platform knows its own)
    source: str | None = None  # the platform it came from, when the publishing portal merged it in turn

    @property
    def link(self) -> str:
        """The document's address as written: its URL, else its path."""
        return self.url or self.path or ""


class LibraryFile(BaseModel):
    """A published library.json: its documents (its name, site and count are informative)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str | None = None
    count: int | None = None
    documents: list[LibraryRecord]
