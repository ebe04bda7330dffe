"""Each government site judged against the 单项否决 items of the national inspection rubric
(《政府网站与政务新媒体检查指标》, 国办秘函〔2019〕19号) that a platform can know from its own data:

    首页不更新   the newest document the home page shows is more than 2 weeks old
    栏目不更新   (1) 5 or more 动态/要闻 columns past 2 weeks or 通知公告/政策文件 一级栏目 past 6 months,
                 (2) 10 or more columns past their cadence (应更新未更新), or (3) 5 or more 空白栏目
                 — the catalog columns' rows of the 工作台账 (ledger.py) of every section the site shows
    互动回应差   no 政民互动 channel on the platform, or a message unanswered for more than 3 months
    服务不实用   no 办事指南 on the site, or one missing a key element (documents.GUIDE_ELEMENTS)

A site failing any item is 不合格.  Every item names what is behind it (columns, documents, messages,
at their files); `gongkai check` prints the verdicts and reports W790–W793 at the site in platform.yaml.
"""

from __future__ import annotations

from datetime import date

from ..diagnostics import Position, Reporter
from ..documents import GUIDE_ELEMENTS, Doc
from ..interaction.model import ID_FIELD, Interaction
from ..interaction.stage import months_later
from ..layout import SITE_COLUMNS, Section
from ..ledger import (CADENCES, InspectionFinding, InspectionItem, LedgerInputs, LedgerRow, LedgerTable,
                      LedgerTableRow, SiteInspection)
from ..loading import LoadedCatalog
from ..models import SiteConfig

HOME_DAYS = 14                       # 首页: an update within 2 weeks
RECENT, STALE, BLANK = 5, 10, 5      # 栏目不更新's three thresholds
ANSWER_MONTHS = 3                    # 互动回应差: a message unanswered for longer
ITEMS = {"首页不更新": "W790", "栏目不更新": "W791", "互动回应差": "W792", "服务不实用": "W793"}
FIRST_LEVEL_WORDS = CADENCES[1][0]   # 通知公告、政策文件: judged at the first level (一级栏目)


def inspect(sites: list[SiteConfig], positions: dict[str, Position], sections: dict[str, list[Section]],
            inputs: LedgerInputs, reporter: Reporter | None) -> list[SiteInspection]:
    """Each site's verdict, item by item; with a reporter, a warning for each failed item at the site."""
    interaction = inputs.contents.get("interaction")
    found = []
    for site in sites:
        shown = sections.get(site.id, [])
        items = [home_item(site, shown, inputs.public, inputs.today),
                 columns_item(shown, inputs.rows, inputs.catalogs),
                 interaction_item(site, shown, interaction, inputs.today),
                 services_item(shown, inputs.public)]
        passed = all(item.passed for item in items)
        found.append(SiteInspection(site=site.id, title=site.title, verdict="合格" if passed else "不合格", items=items))
        for item in items:
            if reporter and not item.passed:
                reporter.report(ITEMS[item.item], positions.get(site.id), site=site.id, title=site.title,
                                summary=item.summary)
    return found


def inspection_table(inspections: list[SiteInspection], sites: list[SiteConfig], portal: str | None) -> LedgerTable:
    """The verdicts as a table of the 工作台账: a row per site, an item a column."""
    orgs = {site.id: site.org for site in sites}
    rows = [LedgerTableRow(org=orgs[found.site], org_name=found.title,
                           cells=["合格" if item.passed else "不合格" for item in found.items], status=[found.verdict],
                           notes=[f"{item.item}：{item.summary}" for item in found.items if not item.passed])
            for found in inspections]
    return LedgerTable(kind="inspection", site=portal, title="政府网站检查指标自查",
                       note="《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决指标中平台能够检查的四项，"
                            "任一项不合格即为不合格网站。",
                       heads=["网站", *ITEMS], rows=rows)


# ---------------------------------------------------------------- the items

def home_item(site: SiteConfig, shown: list[Section], public: dict[str, Doc], today: date) -> InspectionItem:
    """The newest document the home page shows: those of the site's own and hosted organizations, and
    those shared into its site columns (`also`)."""
    orgs = {s.org.id for s in shown if s.role != "enterprise"}
    columns = {site.id} | {f"{site.id}/{slug}" for slug, *_ in SITE_COLUMNS}
    docs = [d for d in public.values() if d.org.id in orgs or columns & set(d.meta.also)]
    if not docs:
        return InspectionItem(item="首页不更新", passed=False, summary="首页没有任何信息")
    newest = max(docs, key=lambda d: (d.meta.published, d.id))
    days = (today - newest.meta.published).days
    finding = _at(f"首页最新信息：《{newest.meta.title}》，{newest.meta.published.isoformat()} 发布",
                  newest.source.at("published"))
    if days > HOME_DAYS:
        return InspectionItem(item="首页不更新", passed=False, findings=[finding],
                              summary=f"首页最新信息于 {newest.meta.published.isoformat()} 发布，已 {days} 天没有更新"
                                      f"（应在 {HOME_DAYS} 天内更新）")
    return InspectionItem(item="首页不更新", passed=True, findings=[finding],
                          summary=f"首页最新信息于 {newest.meta.published.isoformat()} 发布，{HOME_DAYS} 天内有更新")


def columns_item(shown: list[Section], rows: list[LedgerRow], catalogs: dict[str, LoadedCatalog]) -> InspectionItem:
    """The site's catalog columns as the 工作台账 counts them: past their cadence (更新不及时) and empty
    (空白栏目)."""
    orgs = {s.org.id for s in shown}
    mine = [row for row in rows if row.org in orgs]
    stale = [row for row in mine if "更新不及时" in row.status]
    recent = [row for row in stale if _first_rule(row)]
    blank = [row for row in mine if "空白栏目" in row.status]
    findings = [_at(f"{row.org_name}：{row.l1}／{row.l2} 已 {row.days_since_update} 天未更新（应在 {row.cadence_days} 天内）"
                    + ("，属动态要闻或通知公告、政策文件一级栏目" if _first_rule(row) else ""), _column_at(row, catalogs))
                for row in stale]
    findings += [_at(f"{row.org_name}：{row.l1}／{row.l2} 是空白栏目", _column_at(row, catalogs)) for row in blank]
    counts = [(len(recent), RECENT, "超过更新周期的动态要闻和通知公告、政策文件一级栏目"),
              (len(stale), STALE, "应更新未更新的栏目"), (len(blank), BLANK, "空白栏目")]
    summary = "，".join(f"{what} {count} 个{'（达到 ' + str(limit) + ' 个即单项否决）' if count >= limit else ''}"
                       for count, limit, what in counts)
    return InspectionItem(item="栏目不更新", passed=all(count < limit for count, limit, _ in counts),
                          summary=f"{len(mine)} 个栏目中，{summary}", findings=findings)


def interaction_item(site: SiteConfig, shown: list[Section], interaction: Interaction | None,
                     today: date) -> InspectionItem:
    """The platform's 政民互动 serves every site; a message unanswered for more than 3 months fails the
    site that carries it and the site of the organization that should answer it."""
    if interaction is None:
        return InspectionItem(item="互动回应差", passed=False,
                              summary="平台没有政民互动（留言咨询）渠道：platform.yaml 中没有设置 interaction")
    orgs = {s.org.id for s in shown}
    messages = [m for m in interaction.messages if site.id == interaction.site or m.org in orgs]
    unanswered = [m for m in messages if not m.answered and today > months_later(m.asked, ANSWER_MONTHS)]
    where = "本站" if site.id == interaction.site else f"站点 {interaction.site}"
    findings = [_at(f"留言 {m.id}（{m.asked.isoformat()} 留言，答复单位{interaction.org_names[m.org]}）"
                    f"超过 {ANSWER_MONTHS} 个月仍未答复", Position(file=m.file, line=m.line, column=m.columns.get(ID_FIELD)))
                for m in sorted(unanswered, key=lambda m: (m.asked, m.id))]
    if unanswered:
        return InspectionItem(item="互动回应差", passed=False, findings=findings,
                              summary=f"{len(unanswered)} 条留言超过 {ANSWER_MONTHS} 个月仍未答复")
    return InspectionItem(item="互动回应差", passed=True,
                          summary=f"使用平台统一的政民互动（{where} hdjl/），本站相关留言 {len(messages)} 条，"
                                  f"没有超过 {ANSWER_MONTHS} 个月未答复的留言")


def services_item(shown: list[Section], public: dict[str, Doc]) -> InspectionItem:
    """The 办事指南 of the organizations the site shows, each with the key elements of the rubric."""
    orgs = {s.org.id for s in shown}
    guides = sorted((d for d in public.values() if d.org.id in orgs and d.meta.type == "办事指南"), key=lambda d: d.id)
    if not guides:
        return InspectionItem(item="服务不实用", passed=False, summary="本站没有办事指南（没有提供办事服务）")
    findings = []
    for doc in guides:
        missing = [label for name, label in GUIDE_ELEMENTS.items() if not getattr(doc.meta, name)]
        if missing:
            findings.append(_at(f"《{doc.meta.title}》缺少要素：{'、'.join(missing)}", doc.source.at("type")))
    if findings:
        return InspectionItem(item="服务不实用", passed=False, findings=findings,
                              summary=f"办事指南 {len(guides)} 件，其中 {len(findings)} 件缺少关键要素")
    return InspectionItem(item="服务不实用", passed=True, summary=f"办事指南 {len(guides)} 件，关键要素齐全")


def _first_rule(row: LedgerRow) -> bool:
    """Counted in 栏目不更新's first rule: a 动态/要闻 column past 2 weeks, or a 通知公告/政策文件
    first-level column (its 一级事项) past 6 months."""
    return row.cadence_days == CADENCES[0][1] or any(word in row.l1 for word in FIRST_LEVEL_WORDS)


def _column_at(row: LedgerRow, catalogs: dict[str, LoadedCatalog]) -> Position:
    loaded = catalogs[row.org]
    index = next((n for n, item in enumerate(loaded.catalog.items) if item.id == row.item), None)
    return loaded.at("items", index, "id") if index is not None else loaded.at("items")


def _at(text: str, where: Position | None) -> InspectionFinding:
    return InspectionFinding(text=text, file=where.file if where else None, line=where.line if where else None,
                             column=where.column if where else None)
