"""What platform.yaml's `interaction:` says, the fixed fields of a messages table, the 常见问题 file,
and a message and a question as the build holds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator

from ..records.model import RecordsSpec
from ..sources import LineMap

URL = r"^https?://[^\s]+$"
ID = r"^[a-z0-9][a-z0-9-]*$"


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, populate_by_name=True)


def _one_or_many(value: object) -> object:
    return [value] if isinstance(value, str) else value


class InteractionConfig(_Spec):
    """platform.yaml `interaction:` (政民互动): where the section is, its messages and 常见问题, and
    the real message form it sends citizens on to (a static site takes no messages itself)."""

    site: str | None = Field(default=None, validation_alias=AliasChoices("site", "站点"))  # default: the portal
    files: list[str] = Field(min_length=1, validation_alias=AliasChoices("files", "留言", "留言文件"))
    faq: str | None = Field(default=None, validation_alias=AliasChoices("faq", "常见问题"))
    message_form: str = Field(pattern=URL, validation_alias=AliasChoices("message_form", "留言入口"))
    reply_limit: int = Field(default=5, ge=1, le=60, validation_alias=AliasChoices("reply_limit", "答复时限"))

    _files = field_validator("files", mode="before")(_one_or_many)


# The columns of a messages table as the platform's message system exports it (SPEC §2.4 table reading).
ID_FIELD, TITLE, QUESTION, WRITER, ASKED, TOPIC, ORG, REPLY, REPLIED = (
    "编号", "标题", "留言内容", "留言人", "留言日期", "主题", "答复单位", "答复内容", "答复日期")
FIELDS = [
    {"name": ID_FIELD, "key": True},
    {"name": TITLE},
    {"name": QUESTION},
    {"name": WRITER, "personal": "name", "required": False},
    {"name": ASKED, "type": "date"},
    {"name": TOPIC, "facet": True, "required": False},
    {"name": ORG},
    {"name": REPLY},
    {"name": REPLIED, "type": "date"},
]
REQUIRED = (TITLE, QUESTION, ASKED, ORG)  # cells every message fills (编号, the key, is checked by the reader)


def table_spec(files: list[str]) -> RecordsSpec:
    """The records spec a messages table is read with: fixed fields, the configured files."""
    return RecordsSpec.model_validate({"file": files, "fields": FIELDS})


class FaqEntry(_Spec):
    """One 常见问题 with its official answer and the documents (and 办事指南) that answer it."""

    id: str = Field(pattern=ID, max_length=64)  # its anchor and its page's folder
    question: str = Field(min_length=1, validation_alias=AliasChoices("question", "问题"))
    answer: str = Field(min_length=1, validation_alias=AliasChoices("answer", "答复", "解答"))
    topic: str | None = Field(default=None, validation_alias=AliasChoices("topic", "主题"))
    org: str | None = Field(default=None, validation_alias=AliasChoices("org", "答复单位"))  # id or name
    docs: list[str] = Field(default_factory=list, validation_alias=AliasChoices("docs", "相关文件"))
    keywords: list[str] = Field(default_factory=list, validation_alias=AliasChoices("keywords", "关键词"))
    updated: date | None = Field(default=None, validation_alias=AliasChoices("updated", "更新日期"))

    _lists = field_validator("docs", "keywords", mode="before")(_one_or_many)


class FaqFile(_Spec):
    questions: list[FaqEntry] = Field(default_factory=list, validation_alias=AliasChoices("questions", "常见问题"))


@dataclass(frozen=True)
class Message:
    """A message read without problems: the writer already masked (the table reader never hands
    on an unmasked personal value), the answering organization resolved to its id."""

    id: str
    title: str
    question: str
    writer: str          # masked, "" when not given
    asked: date
    topic: str
    org: str             # answering organization's id
    reply: str           # "" while unanswered
    replied: date | None  # None while unanswered
    file: str            # project-relative table file
    line: int            # its row as a spreadsheet shows it
    columns: dict[str, int] = field(default_factory=dict)  # field -> 1-based column

    @property
    def answered(self) -> bool:
        return self.replied is not None


@dataclass(frozen=True)
class Faq:
    """The 常见问题 file as read: its questions, and where each key is (for later checks)."""

    file: str
    lines: LineMap
    key: str  # the top key as written: "questions" or "常见问题"
    entries: list[FaqEntry]


@dataclass(frozen=True)
class Interaction:
    """What the 政民互动 kind loaded: its settings, the site that shows it, every message (answered
    or not) and the 常见问题."""

    config: InteractionConfig
    site: str
    messages: list[Message]
    faq: Faq | None
    org_names: dict[str, str]  # organization id -> name

    @property
    def answered(self) -> list[Message]:
        """The messages that are published: answered ones, newest reply first."""
        done = [m for m in self.messages if m.answered]
        return sorted(done, key=lambda m: (-m.replied.toordinal(), -m.asked.toordinal(), m.id))
