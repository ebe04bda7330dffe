"""What each site's search index is built from (search_index.SearchInput): its documents' title,
sections and facets, a 办事指南's elements as sections of their own, the rows of its records columns
(on the table's pages, or on their own pages), and the platform's search settings."""

from __future__ import annotations

from .documents import Doc
from .kinds import KINDS
from .models import DocumentMeta, PlatformConfig
from .pages import SiteBuild
from .search_index import QUESTION_WORDS, IndexDocument, SearchInput, default_synonyms



def site_search_input(site: SiteBuild, public: dict[str, Doc], config: PlatformConfig,
                      previous: dict[str, tuple[Doc, IndexDocument]] | None = None) -> SearchInput:
    """What the site's search index is built from: its documents' sections and the search settings.
    `previous`: the last build's (document, index document) by id, reused while the document and its
    path are the same."""
    previous = previous or {}
    documents = []
    for doc_id, path in site.doc_paths.items():
        doc = public[doc_id]
        before = previous.get(doc_id)
        if before and before[0] is doc and before[1].path == path:
            documents.append(before[1])
            continue
        meta = doc.meta
        documents.append(IndexDocument(
            id=doc_id, path=path, title=meta.title, date=meta.published.isoformat(), org=doc.org.id, org_name=doc.org.name,
            type=meta.type, column=doc.item.l2, validity=meta.validity or "", number=meta.doc_number or "",
            index_no=doc.index_no, weight=meta.weight,
            sections=[(s.anchor, s.heading, s.text, s.context) for s in (doc.body.sections if doc.body else [])]
            + (guide_sections(meta) if meta.type == "办事指南" else [])))
    for kind in KINDS:
        if kind.search:
            documents += [entry for page in site.pages for entry in kind.search(page, site)]
    search = config.search
    best_bets = {query: [site.doc_paths[i] for i in ids if i in site.doc_paths] for query, ids in search.best_bets.items()}
    return SearchInput(documents, {**default_synonyms(), **search.synonyms}, best_bets, QUESTION_WORDS)


def guide_sections(meta: DocumentMeta) -> list[tuple[str, str, str, str]]:
    """A 办事指南's elements as search sections, anchored where partials/guide.html shows them, so a
    question about materials or steps links to them."""
    fees = meta.fees if isinstance(meta.fees, str) or meta.fees is None else \
        "；".join(f"{f.item}{f.standard}" for f in meta.fees)
    facts = [meta.service_name, *meta.legal_basis, *meta.conditions, fees, meta.location, meta.office_hours,
             meta.processing_time and str(meta.processing_time)]
    parts = [
        ("gk-guide-title", "办事指南要素", facts),
        ("gk-guide-materials", "申请材料", [labelled(m.name, m.form, m.source, m.note) for m in meta.materials]),
        ("gk-guide-steps", "办理流程", [labelled(f"{s.name}：{s.description}" if s.description else s.name, s.time_limit)
                                     for s in meta.steps]),
        ("gk-guide-review", "审查要点", meta.review_points),
    ]
    return [(anchor, heading, "；".join(filter(None, texts)), "") for anchor, heading, texts in parts if any(texts)]


def labelled(text: str, *notes: object) -> str:
    """"text（note，note）" with the notes that are set."""
    shown = "，".join(str(n) for n in notes if n)
    return f"{text}（{shown}）" if shown else text
