"""What the 依申请公开 kind reads: an organization's `application:` block (catalogs/<org>.yaml), the
register (台账) of applications, the cases of its 案例库, and the office's data of an annual report;
and the national categories (国办公开办函〔2021〕30号) the register and the report count by.

Nothing here imports the rest of gongkai: models.py takes `ApplicationOffice` from this module for
`Organization.application`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, RootModel, field_validator

from ..records.model import FieldSpec, RecordsSpec


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, populate_by_name=True)


def cn(name: str, *aliases: str) -> AliasChoices:
    return AliasChoices(name, *aliases)


URL = r"^https?://[^\s]+$"
FILE = r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$"  # a project-relative path


class ApplicationOffice(_Schema):
    """`application:` (依申请公开) of an organization: who receives applications, where and how, and the
    office's own files.  Contact fields left out are the organization's own (address, phone …)."""

    office: str = Field(min_length=2, validation_alias=cn("office", "受理机构"))
    address: str | None = Field(default=None, validation_alias=cn("address", "办公地址", "地址"))
    postcode: str | None = Field(default=None, pattern=r"^\d{6}$", validation_alias=cn("postcode", "邮政编码", "邮编"))
    hours: str | None = Field(default=None, validation_alias=cn("hours", "办公时间"))
    phone: str | None = Field(default=None, validation_alias=cn("phone", "联系电话", "电话"))
    fax: str | None = Field(default=None, validation_alias=cn("fax", "传真"))
    email: str | None = Field(default=None, validation_alias=cn("email", "电子邮箱"))
    online: str | None = Field(default=None, pattern=URL, validation_alias=cn("online", "网上申请"))
    registers: list[Annotated[str, Field(pattern=FILE)]] = Field(
        default_factory=list, validation_alias=cn("registers", "register", "台账"))
    cases: str | None = Field(default=None, pattern=FILE, validation_alias=cn("cases", "案例"))
    note: str | None = Field(default=None, validation_alias=cn("note", "说明"))

    @field_validator("registers", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("phone", "fax", "postcode", mode="before")
    @classmethod
    def _number_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


# ---------------------------------------------------------------- the national categories

APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
CHANNELS = ("当面", "邮寄", "平邮", "网络", "传真")
CONFIRMED = ("平邮", "网络", "传真")  # 条例第三十一条: received on the day both sides confirm
RESULTS = ("维持", "纠正", "其他", "尚未审结")  # of a 行政复议 or 行政诉讼

# (code, group, label) of each 办理结果 row of table 三, in the national order
OUTCOMES: list[tuple[str, str, str]] = [
    ("予以公开", "予以公开", "予以公开"),
    ("部分公开", "部分公开", "部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("不予公开1", "不予公开", "属于国家秘密"),
    ("不予公开2", "不予公开", "其他法律行政法规禁止公开"),
    ("不予公开3", "不予公开", "危及“三安全一稳定”"),
    ("不予公开4", "不予公开", "保护第三方合法权益"),
    ("不予公开5", "不予公开", "属于三类内部事务信息"),
    ("不予公开6", "不予公开", "属于四类过程性信息"),
    ("不予公开7", "不予公开", "属于行政执法案卷"),
    ("不予公开8", "不予公开", "属于行政查询事项"),
    ("无法提供1", "无法提供", "本机关不掌握相关政府信息"),
    ("无法提供2", "无法提供", "没有现成信息需要另行制作"),
    ("无法提供3", "无法提供", "补正后申请内容仍不明确"),
    ("不予处理1", "不予处理", "信访举报投诉类申请"),
    ("不予处理2", "不予处理", "重复申请"),
    ("不予处理3", "不予处理", "要求提供公开出版物"),
    ("不予处理4", "不予处理", "无正当理由大量反复申请"),
    ("不予处理5", "不予处理", "要求行政机关确认或重新出具已获取信息"),
    ("其他处理1", "其他处理", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("其他处理2", "其他处理", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("其他处理3", "其他处理", "其他"),
]
GROUPS = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
GROUP_SLUGS = {"予以公开": "ygk", "部分公开": "bfgk", "不予公开": "bygk", "无法提供": "wftg", "不予处理": "bycl",
               "其他处理": "qtcl"}
OUTCOME_GROUP = {code: group for code, group, _ in OUTCOMES}
OUTCOME_LABEL = {code: label for code, _, label in OUTCOMES}
_CN = dict(zip("一二三四五六七八", "12345678"))


def _fold(text: str) -> str:
    """Text as outcomes are matched: full-width folded, no spaces, punctuation or 第/项, 一 → 1."""
    text = re.sub(r"[\s：:、，,.．。\-—_（）()“”\"'‘’「」第项类]", "", unicodedata.normalize("NFKC", text))
    return "".join(_CN.get(char, char) for char in text)


_BY_TEXT: dict[str, str] = {}
for _code, _group, _label in OUTCOMES:
    for _text in (_code, _label, _group + _label, _group + _code[-1] + _label):
        _BY_TEXT.setdefault(_fold(_text), _code)


def parse_outcome(text: str) -> str | None:
    """The code of a 办理结果 as a clerk writes it: 不予公开3, 不予公开（三）, 不予公开-危及“三安全一稳定”,
    or the row's label alone (重复申请); None when it names no row (a group alone is not a row)."""
    return _BY_TEXT.get(_fold(text))


def outcome_hint(text: str) -> str:
    """The rows a group has, or a few codes to choose from."""
    folded = _fold(text)
    for group in GROUPS:
        if folded.startswith(group) and group not in ("予以公开", "部分公开"):
            rows = [f"{code}（{label}）" for code, g, label in OUTCOMES if g == group]
            return f"“{group}”要写明是哪一项：" + "、".join(rows)
    return "写成国家统一格式的办理结果：予以公开、部分公开、不予公开1–8、无法提供1–3、不予处理1–5、其他处理1–3，" \
           "如 不予公开4 或 不予处理2（也可写该项的名称，如 重复申请）；各项名称见 README「依申请公开」"


# ---------------------------------------------------------------- the register

REGISTER_FIELDS = (
    FieldSpec(name="编号", key=True),
    FieldSpec(name="收到日期", type="date"),
    FieldSpec(name="渠道", facet=True, values=list(CHANNELS)),
    FieldSpec(name="确认日期", type="date", required=False),
    FieldSpec(name="申请人类型", facet=True, values=list(APPLICANTS)),
    FieldSpec(name="申请人", personal="name", required=False),
    FieldSpec(name="联系电话", personal="phone", required=False),
    FieldSpec(name="申请内容", required=False),
    FieldSpec(name="补正告知日期", type="date", required=False),
    FieldSpec(name="补正收到日期", type="date", required=False),
    FieldSpec(name="延期", facet=True, values=["是", "否"], required=False),
    FieldSpec(name="扣除工作日", type="number", required=False),
    FieldSpec(name="答复日期", type="date", required=False),
    FieldSpec(name="办理结果", required=False),
    FieldSpec(name="复议日期", type="date", required=False),
    FieldSpec(name="复议结果", facet=True, values=list(RESULTS), required=False),
    FieldSpec(name="诉讼日期", type="date", required=False),
    FieldSpec(name="诉讼结果", facet=True, values=list(RESULTS), required=False),
    FieldSpec(name="备注", required=False),
)


def register_spec(files: list[str]) -> RecordsSpec:
    """The register's fixed columns (read like any records table: CSV, XLSX or YAML)."""
    return RecordsSpec(file=files, fields=list(REGISTER_FIELDS))


@dataclass(frozen=True)
class Application:
    """One application of the register, as the build keeps it: dates and categories only.  Who applied,
    how to reach them and what they asked are dropped as the register is read (stage.py)."""

    org: str
    number: str        # 编号
    file: str          # the register file
    line: int          # its row as a spreadsheet shows it
    columns: dict[str, int]  # field -> column, for positions
    received: date     # the statutory day of receipt (条例第三十一条)
    channel: str
    applicant: str     # one of APPLICANTS
    correction_sent: date | None = None      # 补正告知日期
    correction_received: date | None = None  # 补正收到日期
    extended: bool = False
    excluded: int = 0  # working days not counted (条例第三十三条: consulting third parties or other organs)
    replied: date | None = None
    outcome: str | None = None  # a code of OUTCOMES
    review: date | None = None  # 行政复议 applied for
    review_result: str | None = None
    suit: date | None = None    # 行政诉讼 filed
    suit_result: str | None = None


# ---------------------------------------------------------------- cases (案例库)

AsciiId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", min_length=1, max_length=64)]


class Case(_Schema):
    """One anonymized case: what was asked, the outcome, why, and on what legal basis."""

    title: str = Field(min_length=4, validation_alias=cn("title", "标题"))
    replied: date = Field(validation_alias=cn("replied", "答复日期"))
    applicant: Literal["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"] | None = Field(
        default=None, validation_alias=cn("applicant", "申请人类型"))
    question: str = Field(min_length=4, validation_alias=cn("question", "申请内容"))
    outcome: str = Field(validation_alias=cn("outcome", "办理结果"))
    reason: str = Field(min_length=4, validation_alias=cn("reason", "答复理由", "理由"))
    basis: list[str] = Field(default_factory=list, validation_alias=cn("basis", "法律依据"))

    @field_validator("basis", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class CaseFile(RootModel[dict[AsciiId, Case]]):
    """data/<org>/ysqgk-cases.yaml: case id (its page's folder) -> case."""


# ---------------------------------------------------------------- the annual report's data

class Issued(_Schema):
    """A row of table 二 for 规章 or 行政规范性文件, as entered (each figure optional: the platform counts)."""

    issued: int | None = Field(default=None, ge=0, validation_alias=cn("issued", "本年制发", "本年制发件数"))
    repealed: int | None = Field(default=None, ge=0, validation_alias=cn("repealed", "本年废止", "本年废止件数"))
    in_force: int | None = Field(default=None, ge=0, validation_alias=cn("in_force", "现行有效", "现行有效件数"))


class Proactive(_Schema):
    """二、主动公开政府信息情况: what the office enters (the platform cannot know it)."""

    licensing: int = Field(ge=0, validation_alias=cn("licensing", "行政许可"))
    punishment: int = Field(ge=0, validation_alias=cn("punishment", "行政处罚"))
    enforcement: int = Field(ge=0, validation_alias=cn("enforcement", "行政强制"))
    fees: Decimal = Field(ge=0, decimal_places=4, validation_alias=cn("fees", "行政事业性收费"))  # 万元
    rules: Issued | None = Field(default=None, validation_alias=cn("rules", "规章"))
    normative: Issued | None = Field(default=None, validation_alias=cn("normative", "行政规范性文件"))

    @field_validator("fees", mode="before")
    @classmethod
    def _exact(cls, value: object) -> object:
        return str(value) if isinstance(value, float) else value


Figures = dict[str, dict[str, Annotated[int, Field(ge=0)]]]  # row -> column -> an entered figure


class AnnualReport(_Schema):
    """data/<org>/nb-<year>.yaml: the office's part of its 政府信息公开工作年度报告."""

    published: date = Field(validation_alias=cn("published", "发布日期"))
    overview: str = Field(min_length=2, validation_alias=cn("overview", "总体情况"))
    proactive: Proactive = Field(validation_alias=cn("proactive", "主动公开政府信息情况"))
    problems: str = Field(min_length=2, validation_alias=cn("problems", "存在的主要问题及改进情况"))
    other: str = Field(default="无。", validation_alias=cn("other", "其他需要报告的事项"))
    applications: Figures = Field(default_factory=dict, validation_alias=cn("applications", "收到和处理政府信息公开申请情况"))
    reviews: Figures = Field(default_factory=dict, validation_alias=cn("reviews", "政府信息公开行政复议、行政诉讼情况",
                                                                       "行政复议和行政诉讼情况"))


MODELS = (ApplicationOffice, Case, AnnualReport, Proactive, Issued)  # with Chinese aliases (loading._variants)
# each field's names as it may be written, for positions in a case or report file
ALIASES = {name: tuple(info.validation_alias.choices) for model in MODELS[1:]
           for name, info in model.model_fields.items() if info.validation_alias is not None}
