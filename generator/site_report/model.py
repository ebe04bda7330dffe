"""What a site's office enters for its 《政府网站工作年度报表》 (国办函〔2018〕12号): the figures the
platform cannot know (visits, 办件量, security, new media accounts, …), in
`data/site-report/<site>-<year>.yaml`, with the form's Chinese names (or English ones).

Nothing here imports the rest of gongkai: loading.py takes `MODELS` from this module for the
positions of fields written under their Chinese names.
"""

from __future__ import annotations

from datetime import date

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator

YES, NO = ("是", "有", "yes", "true"), ("否", "无", "no", "false")
INNOVATIONS = ("搜索即服务", "多语言版本", "无障碍浏览", "千人千网")  # the form's boxes; anything else is 其他


def cn(name: str, *aliases: str) -> AliasChoices:
    return AliasChoices(name, *aliases)


def _yes_no(value: object) -> object:
    """是 / 否 as clerks write them (YAML's true / false too)."""
    if isinstance(value, str):
        word = value.strip().lower()
        if word in YES:
            return True
        if word in NO:
            return False
        raise ValueError("应为 是 或 否")
    return value


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, populate_by_name=True)


class Visits(_Schema):
    unique_visitors: int = Field(ge=0, validation_alias=cn("unique_visitors", "独立用户访问总量"))
    page_views: int = Field(ge=0, validation_alias=cn("page_views", "网站总访问量"))


class Topics(_Schema):
    """专栏专题: how many the site opened this year (how many it keeps is counted from platform.yaml)."""

    opened: int = Field(ge=0, validation_alias=cn("opened", "新开设数量"))


class Interpretation(_Schema):
    """解读回应: 解读材料 and 回应关切 are the platform's documents; these are made elsewhere."""

    products: int = Field(ge=0, validation_alias=cn("products", "解读产品数量"))     # 图解、动漫、音视频…
    media: int = Field(ge=0, validation_alias=cn("media", "媒体评论文章数量"))


class Services(_Schema):
    """办事服务 figures of the 政务服务 system (the 办事指南 are counted from the platform's documents)."""

    users: int = Field(ge=0, validation_alias=cn("users", "注册用户数"))
    online: int = Field(ge=0, validation_alias=cn("online", "可全程在线办理政务服务事项数量"))
    people: int = Field(ge=0, validation_alias=cn("people", "自然人办件量"))
    legal: int = Field(ge=0, validation_alias=cn("legal", "法人办件量"))


class Interaction(_Schema):
    """互动交流 figures outside the platform's messages tables: opinions received through 征集调查,
    online interviews, an intelligent Q&A."""

    opinions: int = Field(ge=0, validation_alias=cn("opinions", "征集调查收到意见数量", "收到意见数量"))
    interviews: int = Field(ge=0, validation_alias=cn("interviews", "在线访谈期数", "访谈期数"))
    interview_questions: int = Field(ge=0, validation_alias=cn("interview_questions", "网民留言数量"))
    interview_answers: int = Field(ge=0, validation_alias=cn("interview_answers", "答复网民提问数量"))
    smart_qa: bool = Field(validation_alias=cn("smart_qa", "是否提供智能问答", "智能问答"))

    _yes_no = field_validator("smart_qa", mode="before")(_yes_no)


class Security(_Schema):
    assessments: int = Field(ge=0, validation_alias=cn("assessments", "安全检测评估次数"))
    problems: int = Field(ge=0, validation_alias=cn("problems", "发现问题数量"))
    fixed: int = Field(ge=0, validation_alias=cn("fixed", "问题整改数量"))
    monitoring: bool = Field(validation_alias=cn("monitoring", "是否建立安全监测预警机制", "安全监测预警机制"))
    drills: bool = Field(validation_alias=cn("drills", "是否开展应急演练", "应急演练"))
    responsible: bool = Field(validation_alias=cn("responsible", "是否明确网站安全责任人", "网站安全责任人"))

    _yes_no = field_validator("monitoring", "drills", "responsible", mode="before")(_yes_no)


class Account(_Schema):
    """A 政务新媒体 account of the site's organization (移动新媒体)."""

    platform: str = Field(min_length=1, validation_alias=cn("platform", "平台", "类型"))  # 微博, 微信, 客户端, 抖音 …
    name: str = Field(min_length=1, validation_alias=cn("name", "名称"))
    posts: int = Field(ge=0, validation_alias=cn("posts", "信息发布量"))
    followers: int = Field(ge=0, validation_alias=cn("followers", "关注量", "订阅数"))


class Signed(_Schema):
    """Who answers for the report (the form's last line)."""

    head: str = Field(min_length=2, validation_alias=cn("head", "单位负责人"))
    reviewer: str = Field(min_length=2, validation_alias=cn("reviewer", "审核人"))
    preparer: str = Field(min_length=2, validation_alias=cn("preparer", "填报人"))
    phone: str = Field(min_length=5, validation_alias=cn("phone", "联系电话"))

    @field_validator("phone", mode="before")
    @classmethod
    def _number_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class SiteReportFile(_Schema):
    """data/site-report/<site>-<year>.yaml: the office's part of a site's 政府网站工作年度报表."""

    published: date = Field(validation_alias=cn("published", "发布日期"))
    visits: Visits = Field(validation_alias=cn("visits", "访问量"))
    topics: Topics = Field(validation_alias=cn("topics", "专栏专题"))
    interpretation: Interpretation = Field(validation_alias=cn("interpretation", "解读回应"))
    services: Services = Field(validation_alias=cn("services", "办事服务"))
    interaction: Interaction = Field(validation_alias=cn("interaction", "互动交流"))
    security: Security = Field(validation_alias=cn("security", "安全防护"))
    media: list[Account] = Field(default_factory=list, validation_alias=cn("media", "移动新媒体"))
    innovation: list[str] = Field(default_factory=list, validation_alias=cn("innovation", "创新发展"))
    signed: Signed = Field(validation_alias=cn("signed", "填报"))

    @field_validator("innovation", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


MODELS = (SiteReportFile, Visits, Topics, Interpretation, Services, Interaction, Security, Account, Signed)
# each field's names as it may be written, for the positions of its findings (a name two models use, like
# `media`, has the names of both)
ALIASES: dict[str, tuple[str, ...]] = {}
for _model in MODELS:
    for _name, _info in _model.model_fields.items():
        ALIASES[_name] = tuple(dict.fromkeys((*ALIASES.get(_name, ()), *_info.validation_alias.choices)))
