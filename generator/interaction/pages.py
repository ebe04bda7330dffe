"""The 政民互动 section of a site (`hdjl/`): the answered messages, newest reply first, with pre-built
lists by answering organization and by topic; a page per message; the 常见问题, all on one page and
each on its own; and “留言前先查一查”, whose script suggests answered questions and 常见问题 while a
citizen types, from the data it reads as a classic script (so it works from disk too).

Only answered messages are published: an unanswered one is counted in the 工作台账 (stage.ledger)
and nothing else, and a writer's name was masked when the table was read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ..descriptions import excerpt
from ..layout import HOME, SitePart, SiteView
from ..pages import Asset, ColumnGroup, ColumnLink, Crumb, NavItem, Page, Pagination, SiteBuild, page_links
from ..search_index import QUESTION_WORDS, IndexDocument, default_synonyms
from ..workdays import CalendarGap, working_days_between
from .model import FaqEntry, Interaction, Message
from .stage import find_org

FOLDER = "hdjl"
TITLE = "政民互动"
COLUMN_TYPE = "咨询投诉"
MAIN = f"{FOLDER}/index.html"
FAQ = f"{FOLDER}/cjwt/index.html"
ASK = f"{FOLDER}/xcyc/index.html"
DATA = f"{FOLDER}/xcyc/data.js"
MESSAGE_WEIGHT = 0.7  # a reply answers one person's case: official documents rank above it
TEXT_KEPT = 160       # characters of a question the suggestions match on

view = dataclass(frozen=True, kw_only=True, slots=True)


@view
class MessageLink:
    """An answered message as a list shows it."""

    id: str
    title: str
    path: str
    asked: date
    replied: date
    org_name: str
    topic: str


@view
class Links:
    """What every page of the section links to besides itself."""

    main: str
    faq: str | None
    ask: str
    message_form: str
    reply_limit: int


@view
class MessagesView:
    """hdjl/index.html, or one organization's or topic's replies: a page of them and the filters."""

    items: list[MessageLink]
    groups: list[ColumnGroup]  # 答复单位, 主题: each value a link to its pre-built list
    filtered: str              # "答复单位：示例市民政局", "" for all replies
    links: Links
    stats: list[tuple[str, str]] = field(default_factory=list)  # (label, value) on the first page of all replies


@view
class MessageView:
    """One answered message: the question, the writer (masked), the reply."""

    id: str
    title: str
    question: list[str]  # paragraphs
    writer: str
    asked: date
    topic: str
    topic_path: str | None
    org: str
    org_name: str
    org_path: str
    reply: list[str]
    replied: date
    days: int | None     # working days from the message to the reply
    links: Links


@view
class FaqDoc:
    title: str
    path: str      # a page of this site, or an absolute URL on the document's own site
    external: bool
    type: str


@view
class FaqItem:
    id: str
    question: str
    answer: list[str]  # paragraphs
    topic: str
    org: str           # answering organization's id, "" when not given
    org_name: str
    docs: list[FaqDoc]
    path: str          # its own page
    updated: date | None

    @property
    def anchor(self) -> str:
        """Its anchor on the page of all questions (prefixed: no question's id can be another element's)."""
        return f"q-{self.id}"
    keywords: list[str]
    dated: date        # for the search index: `updated`, else the build date


@view
class FaqGroup:
    title: str
    anchor: str
    items: list[FaqItem]


@view
class FaqView:
    """hdjl/cjwt/index.html (every question, by topic) or one question's own page."""

    groups: list[FaqGroup]
    single: bool
    links: Links


@view
class AskView:
    """hdjl/xcyc/index.html: the question box, its data script, and where to go without it."""

    script: str
    faq_count: int
    message_count: int
    links: Links


def message_path(message: Message) -> str:
    return f"{FOLDER}/ly/{message.id}/index.html"


def faq_path(entry: FaqEntry) -> str:
    return f"{FOLDER}/cjwt/{entry.id}/index.html"


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def site_part(view: SiteView, data: Interaction | None) -> SitePart | None:
    """The section on the site `interaction.site` names."""
    if data is None or view.site.id != data.site:
        return None
    config = data.config
    faq = data.faq.entries if data.faq else []
    links = Links(main=MAIN, faq=FAQ if data.faq else None, ask=ASK, message_form=config.message_form,
                  reply_limit=config.reply_limit)
    answered = data.answered
    orgs = _facet(answered, lambda m: m.org, lambda org: data.org_names[org],
                  lambda org, number: f"{FOLDER}/org/{org}/index.html")
    topics = _facet([m for m in answered if m.topic], lambda m: m.topic, str,
                    lambda topic, number: f"{FOLDER}/zt/{number}/index.html")
    paths = {m.id: message_path(m) for m in answered}
    topic_paths = {label: path for label, path, _ in topics}
    groups = [ColumnGroup(title=name, anchor=anchor, columns=[ColumnLink(title=label, path=path, count=len(members))
                                                                for label, path, members in facet])
              for name, anchor, facet in (("答复单位", "org", orgs), ("主题", "zt", topics)) if facet]
    crumbs = [HOME, Crumb(title=TITLE, path=MAIN)]
    size = view.config.page_size

    def link(m: Message) -> MessageLink:
        return MessageLink(id=m.id, title=m.title, path=paths[m.id], asked=m.asked, replied=m.replied,
                           org_name=data.org_names[m.org], topic=m.topic)

    intro = "已答复的群众留言按答复日期从新到旧排列，可按答复单位和主题查看；留言前可先查阅常见问题和已答复的相似问题。"
    pages = _lists(MAIN, TITLE, "", [link(m) for m in answered], [HOME], groups, links, intro,
                   f"{view.site.title}政民互动：群众留言的答复单位、答复内容和答复日期，共 {len(answered)} 件已答复留言。",
                   size, _stats(data, answered))
    for name, facet in (("答复单位", orgs), ("主题", topics)):
        for label, path, members in facet:
            pages += _lists(path, f"{TITLE}：{label}", f"{name}：{label}", [link(m) for m in members], crumbs, groups,
                            links, intro, f"{view.site.title}政民互动中{name}为“{label}”的已答复留言，共 {len(members)} 件。",
                            size)
    org_paths = {members[0].org: path for _, path, members in orgs}
    pages += [_message_page(m, data, paths[m.id], crumbs, org_paths[m.org], topic_paths.get(m.topic), links)
              for m in answered]
    items = [_faq_item(entry, data, view) for entry in faq]
    if data.faq:
        pages += _faq_pages(items, crumbs, links, view.site.title)
    pages.append(Page(
        path=ASK, kind="ask", template="hdjl_ask.html", title="留言前先查一查", column_name=TITLE,
        column_type=COLUMN_TYPE, breadcrumbs=[*crumbs, Crumb(title="留言前先查一查")], nav_key=FOLDER,
        description=f"留言前先查一查：输入您的问题，查看{view.site.title}已答复的相似留言和常见问题，没有找到答案再去留言。",
        view=AskView(script=DATA, faq_count=len(items), message_count=len(answered), links=links)))
    assets = [Asset(path=DATA, content=_suggestions(items, answered, paths, data, view))]
    return SitePart(pages=pages, assets=assets, link=ColumnLink(title=TITLE, path=MAIN, count=len(answered)),
                    nav=NavItem(key=FOLDER, title=TITLE, path=MAIN))


def _message_page(m: Message, data: Interaction, path: str, crumbs: list[Crumb], org_path: str,
                  topic_path: str | None, links: Links) -> Page:
    try:
        days = working_days_between(m.asked, m.replied)
    except CalendarGap:
        days = None
    return Page(
        path=path, kind="message", template="hdjl_message.html", title=m.title, column_name=TITLE,
        column_type=COLUMN_TYPE, description=excerpt(f"{m.title}：{m.question}"),
        breadcrumbs=[*crumbs, Crumb(title=m.title)], nav_key=FOLDER,
        view=MessageView(id=m.id, title=m.title, question=paragraphs(m.question), writer=m.writer, asked=m.asked,
                         topic=m.topic, topic_path=topic_path, org=m.org, org_name=data.org_names[m.org],
                         org_path=org_path, reply=paragraphs(m.reply), replied=m.replied, days=days, links=links))


def _facet(messages: list[Message], key: Callable[[Message], str], label: Callable[[str], str],
           path: Callable[[str, int], str]) -> list[tuple[str, str, list[Message]]]:
    """(label, first page, messages) of each value, the most frequent first; `path` names a value's
    first page from the value and its number in that order."""
    found: dict[str, list[Message]] = {}
    for m in messages:
        found.setdefault(key(m), []).append(m)
    order = sorted(found, key=lambda value: (-len(found[value]), label(value)))
    return [(label(value), path(value, number), found[value]) for number, value in enumerate(order, start=1)]


def _lists(first: str, title: str, filtered: str, items: list[MessageLink], crumbs: list[Crumb],
           groups: list[ColumnGroup], links: Links, intro: str, description: str, size: int,
           stats: list[tuple[str, str]] | None = None) -> list[Page]:
    chunks = [items[i:i + size] for i in range(0, len(items), size)] or [[]]
    pages = page_links(first, len(chunks))
    return [Page(path=pages[n - 1].path, kind="messages", template="hdjl.html",
                 title=title if n == 1 else f"{title}（第{n}页）", column_name=TITLE, column_type=COLUMN_TYPE,
                 description=description if n == 1 else f"{description}（第{n}页）",
                 breadcrumbs=[*crumbs, Crumb(title=filtered or title)], nav_key=FOLDER, intro=intro,
                 pagination=Pagination(current=n, total=len(chunks), pages=pages, count=len(items)),
                 view=MessagesView(items=chunk, groups=groups, filtered=filtered, links=links,
                                   stats=stats if stats and n == 1 else []))
            for n, chunk in enumerate(chunks, start=1)]


def _stats(data: Interaction, answered: list[Message]) -> list[tuple[str, str]]:
    """The figures the section publishes (受理反馈 statistics): counts only, nothing of an unanswered message."""
    days = []
    for m in answered:
        try:
            days.append(working_days_between(m.asked, m.replied))
        except CalendarGap:
            pass
    stats = [("收到留言", f"{len(data.messages)} 件"), ("已答复", f"{len(answered)} 件")]
    if days:
        on_time = sum(d <= data.config.reply_limit for d in days)
        stats += [("平均答复用时", f"{sum(days) / len(days):.1f} 个工作日"),
                  (f"{data.config.reply_limit} 个工作日内答复", f"{on_time} 件（{on_time / len(days):.0%}）")]
    return stats


def _faq_item(entry: FaqEntry, data: Interaction, view: SiteView) -> FaqItem:
    """A 常见问题 with links to the public documents that answer it (on this site, else on their own)."""
    docs = []
    for doc_id in entry.docs:
        target = view.doc_target(doc_id)
        if target:
            doc = view.public[doc_id]
            docs.append(FaqDoc(title=doc.meta.title, path=target, external="://" in target, type=doc.meta.type))
    org = find_org(entry.org, data.org_names) if entry.org else None
    return FaqItem(id=entry.id, question=entry.question, answer=paragraphs(entry.answer), topic=entry.topic or "其他",
                   org=org or "", org_name=data.org_names[org] if org else "", docs=docs, path=faq_path(entry),
                   updated=entry.updated, keywords=entry.keywords, dated=entry.updated or view.today)


def _faq_pages(items: list[FaqItem], crumbs: list[Crumb], links: Links, site_title: str) -> list[Page]:
    topics: dict[str, list[FaqItem]] = {}
    for item in items:
        topics.setdefault(item.topic, []).append(item)
    groups = [FaqGroup(title=topic, anchor=f"zt-{n}", items=members) for n, (topic, members) in
              enumerate(topics.items(), start=1)]
    pages = [Page(path=FAQ, kind="faq", template="hdjl_faq.html", title="常见问题", column_name=TITLE,
                  column_type=COLUMN_TYPE, breadcrumbs=[*crumbs, Crumb(title="常见问题")], nav_key=FOLDER,
                  description=excerpt(f"{site_title}政民互动常见问题：" + "；".join(i.question for i in items)),
                  view=FaqView(groups=groups, single=False, links=links))]
    faq_crumbs = [*crumbs, Crumb(title="常见问题", path=FAQ)]
    for group in groups:
        for item in group.items:
            pages.append(Page(
                path=item.path, kind="faq", template="hdjl_faq.html", title=item.question, column_name=TITLE,
                column_type=COLUMN_TYPE, breadcrumbs=[*faq_crumbs, Crumb(title=item.question)], nav_key=FOLDER,
                description=excerpt(f"{item.question}{' '.join(item.answer)}"),
                view=FaqView(groups=[FaqGroup(title=group.title, anchor=group.anchor, items=[item])], single=True,
                             links=links)))
    return pages


def _suggestions(items: list[FaqItem], answered: list[Message], paths: dict[str, str], data: Interaction,
                 view: SiteView) -> bytes:
    """hdjl/xcyc/data.js: what the question box matches a typed question against (a 常见问题's question
    and keywords, an answered message's title and the start of its question), its links, and the
    synonyms and question words of the site search.  No writer, nothing of an unanswered message."""
    entries = [["faq", item.question, " ".join(item.keywords), item.path, item.org_name, ""] for item in items]
    entries += [["msg", m.title, m.question[:TEXT_KEPT], paths[m.id], data.org_names[m.org], m.replied.isoformat()]
                for m in answered]
    payload = {"items": entries, "synonyms": {**default_synonyms(), **view.config.search.synonyms},
               "stopWords": QUESTION_WORDS}
    return ("window.GONGKAI_XCYC = " + json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
            + ";\n").encode("utf-8")


def search(page: Page, site: SiteBuild) -> list[IndexDocument]:
    """A message's page and a 常见问题's own page as documents of the site's index."""
    if isinstance(page.view, MessageView):
        m = page.view
        return [IndexDocument(
            id=f"{site.config.id}:{page.path}", path=page.path, title=m.title, date=m.replied.isoformat(),
            org=m.org, org_name=m.org_name, type="留言答复", column=TITLE, validity="", number="",
            index_no="", weight=MESSAGE_WEIGHT,
            sections=[("gk-question", "留言", "\n".join(m.question), m.topic),
                      ("gk-reply", "答复", "\n".join(m.reply), m.org_name)])]  # a reply is found by who gave it
    if isinstance(page.view, FaqView) and page.view.single:
        item = page.view.groups[0].items[0]
        return [IndexDocument(
            id=f"{site.config.id}:{page.path}", path=page.path, title=item.question, date=item.dated.isoformat(),
            org=item.org, org_name=item.org_name, type="常见问题", column=TITLE, validity="", number="", index_no="",
            weight=1.0, sections=[("gk-answer", "答复", "\n".join([*item.answer, *item.keywords]), item.org_name)])]
    return []
