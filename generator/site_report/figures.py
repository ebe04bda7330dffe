"""The rows of a site's 《政府网站工作年度报表》 (国办函〔2018〕12号), in the form's order: the figures
the platform knows computed from the site's own data, the others as the office entered them.

What counts as the site's: the documents of every organization it shows (its own, the departments it
hosts as 专题, the public enterprises on a portal) — not copies shared from other sites — and the
政民互动 messages those organizations answer, so that no document or message is counted on two sites.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..documents import Doc
from ..interaction.model import Interaction
from ..interaction.stage import find_org
from ..layout import Section
from ..models import PlatformConfig, SiteConfig
from .model import INNOVATIONS, SiteReportFile

PLATFORM, ENTERED, CONFIG, TOTAL = "平台统计", "单位填报", "平台配置", "合计"
PROFILE_WORDS = ("概况", "机构", "职能", "领导", "负责人")  # 概况类信息: the columns about the organization itself


@dataclass(frozen=True)
class Figure:
    """A row of the form: its heads from the outermost (信息发布（单位：条） › 总数), its value as the
    form shows it, and where the value comes from (平台统计, 单位填报, 平台配置, or 合计 of rows below)."""

    path: tuple[str, ...]
    value: str
    source: str


def yes_no(value: bool) -> str:
    return "是" if value else "否"


def site_documents(sections: list[Section], public: dict[str, Doc]) -> list[Doc]:
    """The public documents of the organizations the site shows."""
    orgs = {s.org.id for s in sections}
    return [d for d in public.values() if d.org.id in orgs]


def is_profile(doc: Doc) -> bool:
    item = doc.item
    return item.profile == "单位概况" or any(word in item.l1 + item.l2 for word in PROFILE_WORDS)


def figures(site: SiteConfig, config: PlatformConfig, sections: list[Section], public: dict[str, Doc],
            interaction: Interaction | None, year: int, entered: SiteReportFile) -> list[Figure]:
    """Every row of the form for `site` on `year`."""
    docs = site_documents(sections, public)
    dated = [d for d in docs if d.meta.published.year == year]
    profile = [d for d in dated if is_profile(d)]
    news = [d for d in dated if d.meta.type == "动态" and not is_profile(d)]
    explained = sum(d.meta.type == "解读" for d in dated)
    answered = sum(d.meta.type == "回应关切" for d in dated)
    guides = sum(d.meta.type == "办事指南" and d.meta.published <= date(year, 12, 31) for d in docs)
    consulted = sum(d.meta.consultation is not None and d.meta.consultation.start.year == year for d in docs)
    results = sum(d.meta.feedback_to is not None for d in dated)
    hosted = [s for s in sections if s.role == "hosted"]
    e = entered
    rows = [
        (("网站名称",), site.title, CONFIG),
        (("首页网址",), config.site_url(site) or "—", CONFIG),
        (("主办单位",), site.identity.sponsor, CONFIG),
        (("网站类型",), "政府门户网站" if site.kind == "portal" else "部门网站", CONFIG),
        (("政府网站标识码",), site.identity.site_code, CONFIG),
        (("ICP备案号",), site.identity.icp, CONFIG),
        (("公安机关备案号",), site.identity.police or "—", CONFIG),
        (("独立用户访问总量（单位：个）",), e.visits.unique_visitors, ENTERED),
        (("网站总访问量（单位：次）",), e.visits.page_views, ENTERED),
        (("信息发布（单位：条）", "总数"), len(dated), PLATFORM),
        (("信息发布（单位：条）", "概况类信息更新量"), len(profile), PLATFORM),
        (("信息发布（单位：条）", "政务动态信息更新量"), len(news), PLATFORM),
        (("信息发布（单位：条）", "信息公开目录信息更新量"), len(dated) - len(profile) - len(news), PLATFORM),
        (("专栏专题（单位：个）", "维护数量"), len(site.highlights) + len(hosted), PLATFORM),
        (("专栏专题（单位：个）", "其中：首页专栏"), len(site.highlights), PLATFORM),
        (("专栏专题（单位：个）", "其中：部门专题"), len(hosted), PLATFORM),
        (("专栏专题（单位：个）", "新开设数量"), e.topics.opened, ENTERED),
        (("解读回应", "解读信息发布（单位：条）", "总数"), explained + e.interpretation.products + e.interpretation.media,
         TOTAL),
        (("解读回应", "解读信息发布（单位：条）", "其中：解读材料数量"), explained, PLATFORM),
        (("解读回应", "解读信息发布（单位：条）", "其中：解读产品数量（单位：个）"), e.interpretation.products, ENTERED),
        (("解读回应", "解读信息发布（单位：条）", "其中：媒体评论文章数量（单位：篇）"), e.interpretation.media, ENTERED),
        (("解读回应", "回应公众关注热点或重大舆情数量（单位：次）"), answered, PLATFORM),
        (("办事服务", "是否发布服务事项目录"), yes_no(guides > 0), PLATFORM),
        (("办事服务", "注册用户数（单位：个）"), e.services.users, ENTERED),
        (("办事服务", "政务服务事项数量（单位：项）"), guides, PLATFORM),
        (("办事服务", "可全程在线办理政务服务事项数量（单位：项）"), e.services.online, ENTERED),
        (("办事服务", "办件量（单位：件）", "总数"), e.services.people + e.services.legal, TOTAL),
        (("办事服务", "办件量（单位：件）", "自然人办件量"), e.services.people, ENTERED),
        (("办事服务", "办件量（单位：件）", "法人办件量"), e.services.legal, ENTERED),
        (("互动交流", "是否使用统一平台"), yes_no(interaction is not None), PLATFORM),
        *_messages(site, sections, interaction, year),
        (("互动交流", "征集调查", "征集调查期数（单位：期）"), consulted, PLATFORM),
        (("互动交流", "征集调查", "收到意见数量（单位：条）"), e.interaction.opinions, ENTERED),
        (("互动交流", "征集调查", "公布调查结果期数（单位：期）"), results, PLATFORM),
        (("互动交流", "在线访谈", "访谈期数（单位：期）"), e.interaction.interviews, ENTERED),
        (("互动交流", "在线访谈", "网民留言数量（单位：条）"), e.interaction.interview_questions, ENTERED),
        (("互动交流", "在线访谈", "答复网民提问数量（单位：条）"), e.interaction.interview_answers, ENTERED),
        (("互动交流", "是否提供智能问答"), yes_no(e.interaction.smart_qa), ENTERED),
        (("安全防护", "安全检测评估次数（单位：次）"), e.security.assessments, ENTERED),
        (("安全防护", "发现问题数量（单位：个）"), e.security.problems, ENTERED),
        (("安全防护", "问题整改数量（单位：个）"), e.security.fixed, ENTERED),
        (("安全防护", "是否建立安全监测预警机制"), yes_no(e.security.monitoring), ENTERED),
        (("安全防护", "是否开展应急演练"), yes_no(e.security.drills), ENTERED),
        (("安全防护", "是否明确网站安全责任人"), yes_no(e.security.responsible), ENTERED),
        (("移动新媒体", "是否有移动新媒体"), yes_no(bool(e.media)), ENTERED),
    ]
    for account in e.media:
        label = f"{account.platform}：{account.name}"
        rows += [(("移动新媒体", label, "信息发布量（单位：条）"), account.posts, ENTERED),
                 (("移动新媒体", label, f"{'订阅数' if account.platform == '微信' else '关注量'}（单位：个）"),
                  account.followers, ENTERED)]
    rows.append((("创新发展",), innovation(e.innovation), ENTERED))
    return [Figure(path=path, value=str(value), source=source) for path, value, source in rows]


def innovation(chosen: list[str]) -> str:
    """The form's boxes ticked (搜索即服务 …), then 其他 as written."""
    boxes = [box for box in INNOVATIONS if box in chosen]
    others = [text.removeprefix("其他：").removeprefix("其他:") for text in chosen if text not in INNOVATIONS]
    return "、".join(boxes + ([f"其他：{'；'.join(others)}"] if others else [])) or "无"


def _messages(site: SiteConfig, sections: list[Section], interaction: Interaction | None, year: int) -> list[tuple]:
    """留言办理 of the messages the site's organizations answer, and the 常见问题 they give."""
    head = ("互动交流", "留言办理")
    if interaction is None:
        received = replied = faq = 0
        average = "0"
    else:
        orgs = {s.org.id for s in sections}
        mine = [m for m in interaction.messages if m.org in orgs]
        received = sum(m.asked.year == year for m in mine)
        done = [m for m in mine if m.replied and m.replied.year == year]
        replied = len(done)
        average = f"{sum((m.replied - m.asked).days for m in done) / len(done):.1f}" if done else "0"
        entries = interaction.faq.entries if interaction.faq else []
        faq = sum(((find_org(entry.org, interaction.org_names) in orgs) if entry.org else site.id == interaction.site)
                  and not (entry.updated and entry.updated.year > year) for entry in entries)
    return [((*head, "收到留言数量（单位：条）"), received, PLATFORM),
            ((*head, "办结留言数量（单位：条）"), replied, PLATFORM),
            ((*head, "平均办理时间（单位：天）"), average, PLATFORM),
            ((*head, "公开答复数量（单位：条）"), replied, PLATFORM),
            ((*head, "常见问题数量（单位：条）"), faq, PLATFORM)]
