"""The typed records read from a content repository: platform, organizations, catalog items, documents.

Canonical keys are ASCII.  Where an official Chinese name exists (catalog column headers, 办事指南
elements) it is accepted as an alias, so a table transcribed from an official document loads as written.
Every schema forbids unknown keys: a typo is an error with a position, never a silent new field.
Custom validators raise `PydanticCustomError` with a type listed in `loading.CUSTOM_CODES`, which
decides the diagnostic code.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .diagnostics import did_you_mean
from .interaction.model import InteractionConfig
from .library.model import LibrarySettings
from .records.model import RecordsSpec
from .sharing import compact
from .timelimit import TimeLimit, parse_time_limit
from .ysqgk.model import ApplicationOffice

AsciiId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", min_length=1, max_length=64)]


def cn(name: str, *aliases: str):
    """A field accepted under its ASCII name and its official Chinese name(s)."""
    return AliasChoices(name, *aliases)


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              populate_by_name=True)

    @model_validator(mode="after")
    def _shared_parts(self):
        return compact(self)


def _as_list(value: object) -> object:
    """Let a single string stand for a one-element list; split 、/；-separated catalog cells."""
    if isinstance(value, str):
        return [part for part in re.split(r"[；;\n]", value) if part.strip()] or [value]
    return value


# ---------------------------------------------------------------- platform.yaml

URL = r"^https?://[^\s]+$"


class Badge(Schema):
    """党政机关网站标识: the image and verification link issued for a site by the 机构编制 authority."""

    image: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")  # a file in the theme's static/ folder
    link: str = Field(pattern=URL)


class Identity(Schema):
    """Footer identity required on government sites (REFERENCE §3.5)."""

    site_code: str = Field(pattern=r"^(bm\d{8}|\d{10})$")  # 网站标识码
    icp: str                                               # ICP备案编号
    police: str | None = None                              # 公安机关备案号
    sponsor: str                                           # 主办单位
    contact: str                                           # 联系电话
    address: str | None = None
    email: str | None = None
    error_report: str | None = Field(default=None, pattern=URL)  # “我为政府网站找错” entry
    badge: Badge | None = None                                   # 党政机关网站标识


class Highlight(Schema):
    """A 专栏 on the home page: a column shown on the site, e.g. the 惠民资金 fund list."""

    title: str
    column: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$")  # "<org>/<catalog item>"


class SiteConfig(Schema):
    id: AsciiId
    title: str
    kind: Literal["portal", "department"]
    org: AsciiId
    hosts: list[AsciiId] = Field(default_factory=list)
    enterprises: bool = False
    identity: Identity
    url: str | None = None          # canonical address of this site; default base_url + id + "/"
    description: str | None = None
    ledger: bool = False            # publish the 工作台账 of this site's organizations at tz/index.html
    offline_bundle: bool = False    # offer the whole site as a zip (离线版下载) at offline/<id>.zip
    highlights: list[Highlight] = Field(default_factory=list)  # 专栏 entries on the home page
    # a portal's 规章和规范性文件库: every organization's on the platform (一网通查), a copy of each on the
    # portal; or every organization's, linking to each document's page on its own site (`linked`: a
    # province's portal, which would otherwise copy the province's 规范性文件); or only those it shows
    # (`own`: a city's or county's portal in a province's platform, where the provincial portal holds the whole)
    library_scope: Literal["platform", "linked", "own"] = "platform"


class SearchConfig(Schema):
    """Site search: extra colloquial → official synonyms, and pinned results (best bets): a query
    containing a key shows those documents (ids, as in `interprets`) first."""

    synonyms: dict[str, list[str]] = {}
    best_bets: dict[str, list[str]] = {}


class ThemeConfig(Schema):
    """themes/<name>/theme.yaml: the theme a project theme builds on (its own name: the built-in one)."""

    extends: AsciiId = "default"


class ConsultationSettings(Schema):
    """意见征集 across the platform: the shortest period a draft may be open for comment (calendar days,
    both ends counted), for a 重大行政决策 draft (《重大行政决策程序暂行条例》第十四条: 一般不少于30日) and
    otherwise; the working days after a period's end by which its 采纳情况 is due; and the comment form
    a draft without one of its own links to."""

    min_days: int = Field(default=7, ge=1, validation_alias=cn("min_days", "最短天数"))
    decision_min_days: int = Field(default=30, ge=1, validation_alias=cn("decision_min_days", "重大决策最短天数"))
    feedback_days: int = Field(default=15, ge=0, validation_alias=cn("feedback_days", "反馈期限"))
    form: str | None = Field(default=None, pattern=URL, validation_alias=cn("form", "在线提交"))


class YearCalendar(Schema):
    """A year of the State Council's 部分节假日安排 notice, entered by the webmaster for a year the
    calendar library does not carry yet (or to correct it): the days off (a date, or [first, last])
    and the weekend days that are working days (调休上班)."""

    holidays: list[date | tuple[date, date]] = Field(default_factory=list, validation_alias=cn("holidays", "放假"))
    workdays: list[date] = Field(default_factory=list, validation_alias=cn("workdays", "调休上班"))

    def days_off(self) -> set[date]:
        days: set[date] = set()
        for entry in self.holidays:
            first, last = entry if isinstance(entry, tuple) else (entry, entry)
            days |= {first + timedelta(days=n) for n in range((last - first).days + 1)}
        return days


class PlatformConfig(Schema):
    name: str
    base_url: str | None = Field(default=None, pattern=r"^https?://[^\s]+/$")
    theme: AsciiId = "default"     # themes/<theme>/ in the project, or a built-in theme
    page_size: int = Field(default=20, ge=5, le=200)
    sites: list[SiteConfig] = Field(min_length=1)
    search: SearchConfig = SearchConfig()
    consultation: ConsultationSettings = Field(default=ConsultationSettings(),
                                               validation_alias=cn("consultation", "意见征集"))
    interaction: InteractionConfig | None = Field(default=None, validation_alias=cn("interaction", "政民互动"))
    library: LibrarySettings = Field(default=LibrarySettings(), validation_alias=cn("library", "规章和规范性文件库"))
    # the platform's online system for 政府信息公开 applications (a static site takes none itself)
    online_application: str | None = Field(default=None, pattern=r"^https?://[^\s]+$")
    calendar: dict[int, YearCalendar] = Field(default_factory=dict, validation_alias=cn("calendar", "节假日安排"))

    @field_validator("calendar")
    @classmethod
    def _calendar_years(cls, calendar: dict[int, YearCalendar]) -> dict[int, YearCalendar]:
        for year, entered in calendar.items():
            stray = sorted(d for d in entered.days_off() | set(entered.workdays) if d.year != year)
            if stray:
                raise PydanticCustomError("value_error", "{year} 年的节假日安排中有其他年份的日期：{day}",
                                          {"year": year, "day": stray[0].isoformat()})
        return calendar

    def site_url(self, site: SiteConfig) -> str | None:
        if site.url:
            return site.url if site.url.endswith("/") else site.url + "/"
        return f"{self.base_url}{site.id}/" if self.base_url else None

    def link_from_sibling(self, site: SiteConfig, path: str) -> str:
        """A link from another site of the platform to `path` on `site`: its absolute URL, or (without
        base_url) a path into `site`'s folder beside the other site's, from that site's root."""
        url = self.site_url(site)
        return url + path if url else f"../{site.id}/{path}"


# ---------------------------------------------------------------- catalogs/<org>.yaml

class Outlet(Schema):
    name: str
    address: str
    hours: str | None = None
    phone: str | None = None


class Price(Schema):
    item: str
    standard: str
    basis: str | None = None


class ServiceInfo(Schema):
    """An enterprise's standing service information (REFERENCE §5.2)."""

    hotline: str | None = None
    complaint: str | None = None
    outlets: list[Outlet] = Field(default_factory=list)
    commitments: list[str] = Field(default_factory=list)
    prices: list[Price] = Field(default_factory=list)


PROFILE_FIELDS = {"单位概况": ("address", "phone", "hours"), "服务网点": ("service.outlets",),
                  "收费标准": ("service.prices",), "服务承诺": ("service.commitments",),
                  "咨询投诉": ("service.hotline", "service.complaint")}


class Organization(Schema):
    id: AsciiId
    name: str
    kind: Literal["government", "department", "enterprise"]
    sector: str | None = None
    code: str = Field(pattern=r"^[0-9A-Z]{9}$|^[0-9A-Z]{18}$")  # 组织机构代码 / 统一社会信用代码
    offices: list[str] = Field(default_factory=list)
    address: str | None = None
    phone: str | None = None
    hours: str | None = None
    email: str | None = None
    fax: str | None = None
    postcode: str | None = None
    website: str | None = None
    service: ServiceInfo | None = None
    # 依申请公开: the office receiving applications, its register and cases (ysqgk/)
    application: ApplicationOffice | None = Field(default=None, validation_alias=cn("application", "依申请公开"))

    def has_profile(self, part: str) -> bool:
        """Whether the organization's own data fills a profile column (see CatalogItem.profile)."""
        for dotted in PROFILE_FIELDS[part]:
            value: object = self
            for name in dotted.split("."):
                value = getattr(value, name, None) if value is not None else None
            if value:
                return True
        return False

    @model_validator(mode="after")
    def _sector_for_enterprises(self) -> Organization:
        if self.kind == "enterprise" and not self.sector:
            raise PydanticCustomError("value_error", "公共企事业单位必须填写 sector（所属行业，如 供水、供电）")
        return self


SECTIONS = {"指南": "zn", "制度": "zd", "法定主动公开内容": "fdzdgknr", "年报": "nb"}


class CatalogItem(Schema):
    id: AsciiId
    l1: str = Field(validation_alias=cn("l1", "一级事项"))
    l2: str = Field(validation_alias=cn("l2", "二级事项"))
    content: list[str] = Field(default_factory=list, validation_alias=cn("content", "公开内容", "公开内容(要素)"))
    basis: list[str] = Field(default_factory=list, validation_alias=cn("basis", "公开依据"))
    time_limit: TimeLimit = Field(validation_alias=cn("time_limit", "公开时限"))
    office: str = Field(validation_alias=cn("office", "公开主体"))
    channels: list[str] = Field(default=["政府网站"], validation_alias=cn("channels", "公开渠道和载体"))
    audience: Literal["全社会", "特定群体"] = Field(default="全社会", validation_alias=cn("audience", "公开对象"))
    mode: Literal["主动", "依申请"] = Field(default="主动", validation_alias=cn("mode", "公开方式"))
    level: list[str] = Field(default_factory=list, validation_alias=cn("level", "公开层级"))
    section: Literal["指南", "制度", "法定主动公开内容", "年报"] = "法定主动公开内容"
    # a column kept from the organization's own data rather than (only) from documents
    profile: Literal["单位概况", "服务网点", "收费标准", "服务承诺", "咨询投诉"] | None = None
    description: str | None = None
    records: RecordsSpec | None = Field(default=None, validation_alias=cn("records", "数据表"))  # a table column

    _lists = field_validator("content", "basis", "channels", "level", mode="before")(_as_list)

    @field_validator("time_limit", mode="before")
    @classmethod
    def _parse_time_limit(cls, value: object) -> object:
        if isinstance(value, str):
            rule = parse_time_limit(value)
            if rule is None:
                raise PydanticCustomError("time_limit", "无法识别的公开时限")
            return rule
        return value

    @field_validator("audience", mode="before")
    @classmethod
    def _audience_synonyms(cls, value: object) -> object:
        return "特定群体" if value == "特定群众" else value

    @field_validator("mode", mode="before")
    @classmethod
    def _mode_synonyms(cls, value: object) -> object:
        return {"主动公开": "主动", "依申请公开": "依申请"}.get(value, value) if isinstance(value, str) else value


class Catalog(Schema):
    org: Organization
    items: list[CatalogItem] = Field(default_factory=list)


# ---------------------------------------------------------------- content/**.md

DOC_TYPES = ("文件", "解读", "办事指南", "动态", "公示", "公告", "报告", "年报", "规划", "统计数据",
             "回应关切", "停供通知", "其他")
DocType = Literal["文件", "解读", "办事指南", "动态", "公示", "公告", "报告", "年报", "规划", "统计数据",
                  "回应关切", "停供通知", "其他"]

DOC_NUMBER = re.compile(r"^\S+〔(19|20)\d{2}〕[1-9]\d*号$|^\S+令第[1-9]\d*号$")  # 文件 | 政府令 (规章)
_LEGACY_NUMBER = re.compile(r"^(\S+?)[\[［(（【]((?:19|20)\d{2})[\]］)）】]第?0*([1-9]\d*)号$")


def normalize_doc_number(value: str) -> str | None:
    """The GB/T 9704 form of a 发文字号 written with old brackets, 第 or leading zeros."""
    found = _LEGACY_NUMBER.match(value) or re.match(r"^(\S+?)〔((?:19|20)\d{2})〕第?0*([1-9]\d*)号$", value)
    return f"{found.group(1)}〔{found.group(2)}〕{found.group(3)}号" if found else None


@cache
def topic_tree() -> dict[str, list[str]]:
    """gov.cn 主题分类 (一级 -> 二级), shipped in generator/data/zhuti.yaml."""
    text = (Path(__file__).parent / "data" / "zhuti.yaml").read_text(encoding="utf-8")
    topics = yaml.safe_load(text)["topics"]
    return {top: list(children or []) for top, children in topics.items()}


class Attachment(Schema):
    file: str
    title: str | None = None


def _named(field: str, detail: str):
    """The short forms a clerk writes for a guide's row: a bare name (`身份证`), or one `name: detail`
    pair (`申请: 向乡镇提出书面申请`), besides the full mapping."""
    def expand(cls, value: object) -> object:
        if isinstance(value, (str, int, float)):
            return {field: str(value)}
        if isinstance(value, dict) and len(value) == 1:
            (key, text), = value.items()
            if isinstance(key, str) and key not in field_names(cls) and isinstance(text, (str, int, float)):
                return {field: key, detail: str(text)}
        return value
    return model_validator(mode="before")(classmethod(expand))


def field_names(model: type[BaseModel]) -> set[str]:
    """Every name a field of `model` may be written under (its own and its aliases)."""
    names = set()
    for name, info in model.model_fields.items():
        names.add(name)
        alias = info.validation_alias
        if alias is not None and hasattr(alias, "choices"):
            names.update(str(c) for c in alias.choices)
    return names


class Material(Schema):
    _short = _named("name", "note")
    name: str = Field(validation_alias=cn("name", "名称"))
    form: str | None = Field(default=None, validation_alias=cn("form", "形式"))
    copies: int | str | None = Field(default=None, validation_alias=cn("copies", "份数"))
    source: str | None = Field(default=None, validation_alias=cn("source", "来源"))
    note: str | None = Field(default=None, validation_alias=cn("note", "说明", "要求"))


class Step(Schema):
    _short = _named("name", "description")
    name: str = Field(validation_alias=cn("name", "步骤"))
    description: str | None = Field(default=None, validation_alias=cn("description", "说明"))
    time_limit: str | None = Field(default=None, validation_alias=cn("time_limit", "时限"))


class ProcessingTime(Schema):
    statutory: str | None = Field(default=None, validation_alias=cn("statutory", "法定"))
    promised: str | None = Field(default=None, validation_alias=cn("promised", "承诺"))
    text: str | None = None  # a time limit written as one phrase (`30个工作日`), shown as written

    @model_validator(mode="before")
    @classmethod
    def _as_written(cls, value: object) -> object:
        return {"text": str(value)} if isinstance(value, (str, int)) else value

    def __str__(self) -> str:
        parts = [f"法定时限：{self.statutory}" if self.statutory else "",
                 f"承诺时限：{self.promised}" if self.promised else "", self.text or ""]
        return "；".join(part for part in parts if part)


class Fee(Schema):
    _short = _named("item", "standard")
    item: str = Field(validation_alias=cn("item", "项目"))
    standard: str = Field(default="", validation_alias=cn("standard", "标准"))
    basis: str | None = Field(default=None, validation_alias=cn("basis", "依据"))


_MOMENT = r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$"


class Outage(Schema):
    """停水/停电/停气 notice: when and where (times as 'YYYY-MM-DD HH:MM')."""

    start: str = Field(pattern=_MOMENT)
    end: str = Field(pattern=_MOMENT)
    area: str | None = None

    def status(self, today: date) -> str:
        if self.end[:10] < today.isoformat():
            return "已结束"
        return "未开始" if self.start[:10] > today.isoformat() else "进行中"


class Consultation(Schema):
    """A draft for comment (征求意见稿): its period (dates, both included) and how to comment."""

    start: date = Field(validation_alias=cn("start", "开始日期"))
    end: date = Field(validation_alias=cn("end", "截止日期"))
    address: str | None = Field(default=None, validation_alias=cn("address", "通信地址"))
    email: str | None = Field(default=None, validation_alias=cn("email", "电子邮箱"))
    phone: str | None = Field(default=None, validation_alias=cn("phone", "联系电话"))
    form: str | None = Field(default=None, pattern=URL, validation_alias=cn("form", "在线提交"))
    decision: bool = Field(default=False, validation_alias=cn("decision", "重大行政决策"))

    @field_validator("phone", mode="before")
    @classmethod
    def _phone_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("end")
    @classmethod
    def _after_start(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("start")
        if start is not None and value <= start:
            raise PydanticCustomError("consultation_period", "{value}", {
                "value": value.isoformat(), "suggest": f"截止日期应晚于开始日期 {start.isoformat()}：检查 start 与 end 是否写反"})
        return value

    @property
    def days(self) -> int:
        """The period's length in calendar days, its first and last day included."""
        return (self.end - self.start).days + 1

    def status(self, today: date) -> str:
        if self.end < today:
            return "已结束"
        return "未开始" if self.start > today else "征集中"


class PersonalDataAllowance(Schema):
    """A document that must publish personal data (e.g. a 公示 naming people) says which kinds and why;
    those values are then published masked."""

    allow: list[Literal["id_card", "mobile", "bank_card"]] = Field(min_length=1)
    reason: str = Field(min_length=2)

    @field_validator("allow", mode="before")
    @classmethod
    def _chinese_kinds(cls, value: object) -> object:
        names = {"身份证号": "id_card", "身份证": "id_card", "手机号": "mobile", "手机号码": "mobile",
                 "银行卡号": "bank_card", "银行卡": "bank_card"}
        value = _as_list(value)
        return [names.get(v, v) for v in value] if isinstance(value, list) else value


def _topic_hint(top: str, rest: list[str], tree: dict[str, list[str]]) -> str:
    """What a clerk meant by an unknown 一级分类: the class it is part of (农业 → 农业、林业、水利), or the
    class it is a 二级分类 of (社会福利 → [民政、扶贫、救灾, 社会福利])."""
    containing = [name for name in tree if top in name.split("、") or (len(top) > 1 and top in name)]
    if len(containing) == 1:
        return f"一级分类写全称：是否应为 \"{containing[0]}\"？"
    parents = [name for name, children in tree.items() if top in children]
    if parents and not rest:
        return f"“{top}”是二级分类，写成 [{parents[0]}, {top}]"
    if containing:
        return "一级分类写全称，可能是：" + "、".join(f"\"{name}\"" for name in containing)
    return did_you_mean(top, tree, "一级分类")


# a 公文's 文种 (党政机关公文处理工作条例) or a regulation's form, and other names clerks use for a type
TYPE_SYNONYMS = {**{kind: "文件" for kind in (
    "决议", "决定", "命令", "令", "公报", "通告", "意见", "通知", "通报", "请示", "批复", "议案", "函", "纪要",
    "办法", "规定", "细则", "条例", "规则", "方案", "实施方案", "实施意见", "指导意见", "政策文件", "规范性文件")},
    "政策解读": "解读", "图解": "解读", "服务指南": "办事指南", "工作动态": "动态", "通知公告": "公告"}


class DocumentMeta(Schema):
    title: str = Field(min_length=1)
    org: AsciiId
    item: AsciiId
    type: DocType
    doc_number: str | None = None
    written: date
    published: date
    topic: list[str] = Field(default_factory=list)
    # required: whether a document may be published is a person's decision, never a default
    disclosure: Literal["主动公开", "依申请公开", "不予公开"]
    validity: Literal["有效", "已修改", "废止", "失效", "尚未生效"] | None = None
    category: Literal["规章", "行政规范性文件"] | None = None  # enters the 规章和规范性文件库
    reg_no: str | None = None           # 规范性文件统一登记号
    effective_from: date | None = None
    effective_to: date | None = None
    amended_by: list[str] = Field(default_factory=list)  # ids of the documents that amended this one
    repealed_by: str | None = None      # id of the document that repealed it
    interprets: list[str] = Field(default_factory=list)
    also: list[str] = Field(default_factory=list)
    index_no: str | None = None
    summary: str | None = None
    keywords: list[str] = Field(default_factory=list)
    attachments: list[Attachment] = Field(default_factory=list)
    outage: Outage | None = None
    consultation: Consultation | None = Field(default=None, validation_alias=cn("consultation", "意见征集"))
    feedback_to: str | None = Field(default=None, validation_alias=cn("feedback_to", "反馈"))  # the draft it answers
    personal_data: PersonalDataAllowance | None = None
    weight: float = Field(default=1.0, gt=0, le=10)  # search ranking weight (1 = normal)
    # 办事指南 elements (REFERENCE §6), written under their Chinese names
    service_name: str | None = Field(default=None, validation_alias=cn("service_name", "事项名称"))
    legal_basis: list[str] = Field(default_factory=list, validation_alias=cn("legal_basis", "设定依据"))
    conditions: list[str] = Field(default_factory=list, validation_alias=cn("conditions", "申请条件"))
    materials: list[Material] = Field(default_factory=list, validation_alias=cn("materials", "申请材料"))
    review_points: list[str] = Field(default_factory=list, validation_alias=cn("review_points", "审查要点"))
    steps: list[Step] = Field(default_factory=list, validation_alias=cn("steps", "办理流程"))
    processing_time: ProcessingTime | None = Field(default=None, validation_alias=cn("processing_time", "办理时限"))
    fees: list[Fee] | str | None = Field(default=None, validation_alias=cn("fees", "收费标准"))
    location: str | None = Field(default=None, validation_alias=cn("location", "办理地点"))
    office_hours: str | None = Field(default=None, validation_alias=cn("office_hours", "办理时间"))
    consult_phone: str | None = Field(default=None, validation_alias=cn("consult_phone", "咨询电话"))
    complaint_phone: str | None = Field(default=None, validation_alias=cn("complaint_phone", "投诉电话"))
    online_url: str | None = Field(default=None, validation_alias=cn("online_url", "网上办理"))

    _lists = field_validator("keywords", "interprets", "also", "amended_by", "legal_basis", "conditions",
                             "review_points", mode="before")(_as_list)

    @field_validator("location", "office_hours", "consult_phone", "complaint_phone", mode="before")
    @classmethod
    def _one_line(cls, value: object) -> object:
        """Several places or phone numbers written as a list are shown on one line; a number stays text."""
        if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
            return "；".join(str(v) for v in value)
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("type", mode="before")
    @classmethod
    def _type_synonyms(cls, value: object) -> object:
        return TYPE_SYNONYMS.get(value, value) if isinstance(value, str) else value

    @field_validator("topic", mode="before")
    @classmethod
    def _topic_path(cls, value: object) -> object:
        if isinstance(value, str):  # "一级\二级" as displayed on gov.cn
            return [part for part in re.split(r"[\\/]", value) if part]
        return value

    @field_validator("topic")
    @classmethod
    def _topic_known(cls, value: list[str]) -> list[str]:
        tree = topic_tree()
        if not value:
            return value
        top = value[0]
        if top not in tree:
            raise PydanticCustomError("topic", "{value}", {"value": top, "suggest": _topic_hint(top, value[1:], tree)})
        if len(value) > 2:
            raise PydanticCustomError("topic", "{value}", {"value": "\\".join(value),
                                                           "suggest": "主题分类写成 [一级, 二级] 两项"})
        if len(value) == 2 and value[1] not in tree[top]:
            raise PydanticCustomError("topic", "{value}", {"value": value[1],
                                                           "suggest": did_you_mean(value[1], tree[top], f"“{top}”下的二级分类")})
        return value

    @field_validator("doc_number")
    @classmethod
    def _doc_number(cls, value: str | None) -> str | None:
        if value is None or DOC_NUMBER.match(value):
            return value
        fixed = normalize_doc_number(value)
        suggest = (f"改为 \"{fixed}\"（GB/T 9704：六角括号〔〕，不加“第”，不编虚位）" if fixed
                   else "发文字号写成 机关代字〔年份〕序号号（如 示民发〔2025〕12号），政府令写成 示例市人民政府令第3号")
        raise PydanticCustomError("doc_number", "{value}", {"value": value, "suggest": suggest})

    @field_validator("index_no")
    @classmethod
    def _index_no(cls, value: str | None) -> str | None:
        if value is None or re.match(r"^[0-9A-Z]{9,18}/\d{4}(\d{2})?-\d{5,}$", value):
            return value
        raise PydanticCustomError("index_no", "{value}", {"value": value})

    @property
    def topic_label(self) -> str:
        return "\\".join(self.topic)

    @property
    def is_public(self) -> bool:
        return self.disclosure == "主动公开"
