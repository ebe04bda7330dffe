"""The `<meta name="Description">` of each kind of page, from the page's own content."""

from __future__ import annotations

from .documents import Doc
from .models import CatalogItem, Organization


def excerpt(text: str, limit: int = 120, least: int = 40) -> str:
    """Whitespace-collapsed text of at most `limit` characters, cut after a sentence's end where one
    falls between `least` and `limit`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    end = max(text.rfind(mark, least, limit) for mark in "。！？")
    return text[:end + 1] if end >= 0 else text[:limit - 1] + "…"


def sentence(text: str) -> str:
    return text if text.endswith(("。", "！", "？")) else text + "。"


def doc_description(doc: Doc) -> str:
    """A document page's description: its summary, else the start of its text, else what it is."""
    body = " ".join(section.text for section in doc.body.sections[:3]) if doc.body else ""
    text = excerpt(doc.meta.summary or body)
    number = f"（{doc.meta.doc_number}）" if doc.meta.doc_number else ""
    return text or f"{doc.org.name}发布的{doc.meta.type}：{doc.meta.title}{number}"


def column_description(org: Organization, item: CatalogItem) -> str:
    """A catalog column's description: its place in the catalog, description and 公开内容."""
    name = item.l1 if item.l1 == item.l2 else f"{item.l1}（{item.l2}）"
    parts = [f"{org.name}{'信息公开' if org.kind == 'enterprise' else '政务公开'}栏目：{name}。"]
    if item.description:
        parts.append(sentence(item.description))
    if item.content:
        parts.append(f"公开内容：{'、'.join(item.content)}。")
    return excerpt("".join(parts))
