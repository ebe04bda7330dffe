"""What each site's search index is built from (search_index.SearchInput): its documents' title,
sections and facets, a 办事指南's elements as sections of their own, the rows of its records columns,
and the platform's search settings."""

from __future__ import annotations

from .documents import Doc
from .kinds import KINDS
from .models import DocumentMeta, PlatformConfig
from .pages import Page, SiteBuild
from .search_index import QUESTION_WORDS, IndexDocument, SearchInput, default_synonyms

# a table page holds dozens of rows that repeat the same words (a policy's name on every row of its
# fund list): weighed as a document, it would outrank the policy itself for that policy's name
TABLE_WEIGHT = 0.5


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
    documents += [table_entry(page, site) for page in site.pages if page.kind == "records" and not page.view.filtered]
    for kind in KINDS:
        if kind.search:
            for page in site.pages:
                found = kind.search(page, site)  # None, one document, or a list of them
                documents += found if isinstance(found, list) else [found] if found else []
    search = config.search
    best_bets = {query: [site.doc_paths[i] for i in ids if i in site.doc_paths] for query, ids in search.best_bets.items()}
    return SearchInput(documents, {**default_synonyms(), **search.synonyms}, best_bets, QUESTION_WORDS)


def table_entry(page: Page, site: SiteBuild) -> IndexDocument:
    """A page of a records column as a document of the index, each row a section anchored at the row,
    so that a search for a project, an account or an enterprise finds the page that shows it.  The
    cells are the published ones: personal fields were masked when the table was read."""
    table = page.view
    sections = [(f"r{table.first + n}", next((c.text for c in row if c.text), ""),
                 "；".join(c.text for c in row if c.text), "") for n, row in enumerate(table.rows)]
    return IndexDocument(
        id=f"{site.config.id}:{page.path}", path=page.path, title=page.title,
        date=table.updated.isoformat() if table.updated else "", org=page.org.id, org_name=page.org.name,
        type="数据", column=page.column_name, validity="", number="", index_no="", weight=TABLE_WEIGHT,
        sections=sections)


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
