"""A document's search weight grows with the site's other documents that cite it by title."""

from __future__ import annotations

import pytest

from generator.search_citations import CITED_PRIOR, cited_weights, title_keys
from generator.search_index import IndexDocument


def document(title: str, *texts: str, weight: float = 1.0) -> IndexDocument:
    return IndexDocument(id=title, path=f"doc/{title}.html", title=title, date="2025-01-01", org="szf", org_name="示例市人民政府",
                         type="文件", column="", validity="", number="", index_no="", weight=weight,
                         sections=[(f"a{n}", "", text, "") for n, text in enumerate(texts)])


def test_a_law_is_cited_by_its_full_title_its_book_or_its_short_title():
    assert title_keys("中华人民共和国民法典（合同编）") == {
        "中华人民共和国民法典（合同编）", "中华人民共和国民法典", "民法典（合同编）", "民法典"}
    assert title_keys("示例市养犬管理条例") == {"示例市养犬管理条例"}


def test_each_other_document_citing_counts_once_and_a_document_never_cites_itself():
    law = document("中华人民共和国行政诉讼法", "依照《中华人民共和国行政诉讼法》的规定。", weight=0.8)
    twice = document("关于适用《行政诉讼法》的解释", "根据《行政诉讼法》第一条和《行政诉讼法》第二条。")
    once = document("关于行政案件的通知", "执行《中华人民共和国行政诉讼法》。")
    unrelated = document("关于养犬登记的通知", "依照《示例市养犬管理条例》。")
    weights = cited_weights([law, twice, once, unrelated])
    assert weights[0] == pytest.approx(0.8 * 3 ** CITED_PRIOR), "two other documents cite it: (1 + 2)^prior"
    assert weights[1:] == [1.0, 1.0, 1.0], "a title nothing on the site has is no citation"
