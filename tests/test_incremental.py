"""Rebuilding with the previous build's cache (as `gongkai serve` does): only the work an edit
touches is redone, and the result is byte-for-byte what a clean build makes."""

from __future__ import annotations

from pathlib import Path

from conftest import doc
from generator.cache import BuildCache


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_rebuild_with_cache_equals_a_clean_build(make_project, tmp_path):
    project = make_project({
        "content/szf/a.md": doc("关于甲事项的通知", body="见[乙通知](b.md)。"),
        "content/szf/b.md": doc("关于乙事项的通知", body="## 一、要求\n\n按期完成。"),
        "content/mzj/c.md": doc("民政通知", org="mzj", item="dibao-policy", body="正文。"),
    })
    cache = BuildCache()
    assert project.build(cache=cache).exit_code == 0
    assert len(cache.documents) >= 3 and cache.resolved.bodies and cache.indexes

    edits = [
        ("content/szf/b.md", doc("关于乙事项的通知（修订）", body="## 一、要求\n\n提前完成。")),  # title, body, index
        ("content/szf/d.md", doc("新增的通知", body="见[甲](a.md)。")),                           # a new document
        ("catalogs/szf.yaml", None),                                                               # a catalog edit
        ("themes/default/templates/document.html",                                                 # a template
         '{% extends "default:document.html" %}\n{% block content %}<p>测试模板</p>{{ super() }}{% endblock %}\n'),
    ]
    for path, text in edits:
        if text is None:
            text = (project.root / path).read_text(encoding="utf-8").replace("name: 测试市人民政府", "name: 测试市政府", 1)
        project.write(path, text)
        incremental = project.build(cache=cache)
        clean = project.build(out=tmp_path / "clean")
        assert incremental.exit_code == clean.exit_code == 0
        assert incremental.diagnostics == clean.diagnostics
        assert files_of(project.out) == files_of(tmp_path / "clean"), f"after editing {path}"

    project.remove("content/szf/a.md")  # a link to it from d.md is now broken: reported from the cache too
    broken = project.build(cache=cache)
    assert [d.code for d in broken.diagnostics if d.severity == "error"] == ["E404"]


def test_unchanged_work_is_taken_from_the_cache(make_project, monkeypatch):
    project = make_project({f"content/szf/n{n}.md": doc(f"通知{n}", body=f"第{n}号正文。") for n in range(20)})
    cache = BuildCache()
    assert project.build(cache=cache).exit_code == 0
    import generator.documents as documents
    import generator.loading as loading

    import generator.render as render

    rendered, loaded, pages = [], [], []
    real_render, real_load, real_page = documents.render_body, loading._load_document, render.render_page
    monkeypatch.setattr(documents, "render_body", lambda *a: rendered.append(a[0]) or real_render(*a))
    monkeypatch.setattr(loading, "_load_document", lambda path, *a: loaded.append(path.name) or real_load(path, *a))
    monkeypatch.setattr(render, "render_page", lambda page, *a: pages.append(page.path) or real_page(page, *a))
    project.write("content/szf/n7.md", doc("通知7", body="第7号正文（更正）。"))
    result = project.build(cache=cache)
    assert result.exit_code == 0
    assert loaded == ["n7.md"] and rendered == ["第7号正文（更正）。\n"]
    assert pages and all(path.endswith("/n7/index.html") for path in pages), "only the edited page is rendered"
    assert result.timings["index (cpu)"] > 0  # the site's index changed with the document
    result = project.build(cache=cache)
    assert loaded == ["n7.md"] and result.timings["index (cpu)"] == 0  # nothing changed: nothing redone

    rendered.clear(), pages.clear()
    project.write("content/szf/n7.md", doc("通知7（更正）", body="第7号正文（更正）。"))  # the title: lists change
    assert project.build(cache=cache).exit_code == 0
    assert rendered == [], "no body is rendered again for a changed title"
    documents = [path for path in pages if "doc/" in path]
    assert documents and all(path.endswith("/n7/index.html") for path in documents), documents
    assert {"zcwj/index.html", "zfxxgk/fdzdgknr/zfwj/index.html"} <= set(pages), "the lists show the new title"


def test_preview_folder_is_updated_in_place(make_project):
    project = make_project({"content/szf/a.md": doc("甲通知"), "content/szf/b.md": doc("乙通知")})
    cache = BuildCache()
    assert project.build(cache=cache).exit_code == 0
    untouched = (project.out / "portal" / "static" / "gongkai.css").stat().st_ino
    page = project.out / "portal" / "doc" / "b" / "index.html"
    assert page.is_file()
    project.remove("content/szf/b.md")
    project.write("content/szf/a.md", doc("甲通知（更正）"))
    assert project.build(cache=cache).exit_code == 0
    assert (project.out / "portal" / "static" / "gongkai.css").stat().st_ino == untouched  # not rewritten
    assert not page.exists(), "a removed document's page is deleted"
    assert "甲通知（更正）" in (project.out / "portal" / "index.html").read_text(encoding="utf-8")
    assert not list(project.out.rglob(".*.tmp-*"))


def test_index_joined_again_from_changed_segments_equals_a_clean_build(make_project, tmp_path, monkeypatch):
    import generator.search_index as search_index

    monkeypatch.setattr(search_index, "SEGMENT_UNITS", 5)  # a segment every two documents or so
    joined_whole, indexed = [], []
    real_join = search_index._join
    monkeypatch.setattr(search_index, "_join", lambda parts: joined_whole.append(1) or real_join(parts))
    import generator.build as build
    monkeypatch.setattr(build, "index_segment", lambda docs: indexed.append(1) or search_index.index_segment(docs))
    project = make_project({
        f"content/szf/n{n}.md": doc(f"通知{n}", published=f"2025-05-{n + 10:02d}",
                                    body=f"## 一、背景\n\n第{n}号正文。\n\n## 二、要求\n\n按期完成{n}。")
        for n in range(12)})
    cache = BuildCache()
    assert project.build(cache=cache).exit_code == 0
    edits = [
        ("n3", "## 一、背景\n\n第三号正文改写，增加养老服务。\n\n## 二、要求\n\n按期完成。", False),  # same sections
        ("n5", "## 一、背景\n\n正文。\n\n## 二、要求\n\n完成。\n\n## 三、附则\n\n自发布之日起施行。", True),  # one more
        ("n8", "只有一段正文，没有小标题。", True),                                             # fewer sections
    ]
    for name, body, whole in edits:
        joined_whole.clear(), indexed.clear()
        number = int(name[1:])
        project.write(f"content/szf/{name}.md", doc(f"通知{number}", published=f"2025-05-{number + 10:02d}", body=body))
        assert project.build(cache=cache).exit_code == 0
        assert bool(joined_whole) == whole, f"{name}: the whole index joined again: {bool(joined_whole)}"
        assert bool(indexed) == whole, f"{name}: a segment indexed again instead of patched: {bool(indexed)}"
        assert project.build(out=tmp_path / "clean").exit_code == 0
        assert files_of(project.out) == files_of(tmp_path / "clean"), f"after editing {name}"


def test_a_segment_patched_for_one_edited_document_equals_it_indexed_again():
    import random

    from generator.search_codes import pack, unpack
    from generator.search_index import IndexDocument, index_segment, patch_segment

    def document(number: int, texts: list[str], title: str = "") -> IndexDocument:
        return IndexDocument(id=f"d{number}", path=f"doc/d{number}/index.html", title=title or f"通知{number}",
                             date="2025-05-20", org="mzj", org_name="民政局", type="文件", column="政策文件",
                             validity="", number="", index_no=f"x{number}", weight=1.0,
                             sections=[(f"a{n}", f"第{n + 1}条", text, "") for n, text in enumerate(texts)])

    words = "养老 服务 补贴 申请 材料 社会 保险 医疗 救助 住房 公积金 低保 残疾 儿童 教育 就业 2025 pdf".split()
    rnd = random.Random(7)

    def text() -> str:
        return "".join(rnd.choice(words) for _ in range(rnd.randint(0, 8)))

    numbers = [0, 1, 31, 32, 33, 1000, 32767, 32768, 10 ** 6]
    assert unpack(pack(numbers)) == numbers
    for _ in range(200):
        before = [document(n, [text() for _ in range(rnd.randint(0, 4))]) for n in range(rnd.randint(1, 6))]
        edited = rnd.randrange(len(before))
        after = list(before)
        after[edited] = document(edited, [text() for _ in before[edited].sections], rnd.choice(["", "新标题" + text()]))
        patched, whole = patch_segment(index_segment(before), before, after), index_segment(after)
        assert patched is not None
        assert (patched.lengths, patched.titles, patched.postings) == (whole.lengths, whole.titles, whole.postings)
    grown = before[:edited] + [document(edited, [text() for _ in range(len(before[edited].sections) + 1)])]
    assert patch_segment(index_segment(before), before, grown + before[edited + 1:]) is None  # a section more



def test_a_segment_indexed_holds_each_unit_s_terms_with_their_counts():
    """index_segment (numpy) gives each term's units and counts as counting `terms` unit by unit does,
    whatever the text: lone CJK characters, runs at a unit's edge, mixed-case words, characters
    outside the BMP or the CJK ranges, a term counted more often than the small codes reach."""
    import random

    from generator.search_codes import unpack
    from generator.search_index import IndexDocument, index_segment, terms

    rnd = random.Random(11)
    alphabet = "政府信息公开第一条，。 abcXYZ09\u3400\u4dbf\u9fff\uf900\ufaff𠀀\u212a"
    sections = [[(f"a{n}", "", "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30))), "第一章")
                 for n in range(rnd.randint(0, 4))] for _ in range(30)] + [[("a0", "", "政府" * 40000, "")]]
    documents = [IndexDocument(id=f"d{n}", path="", title=rnd.choice(["", "通", "养老Pdf服务"]), date="", org="mzj",
                               org_name="", type="", column="", validity="", number="", index_no="", weight=1.0,
                               sections=own) for n, own in enumerate(sections)]
    texts = [text for d in documents
             for text in [f"{d.title} {d.number} {d.index_no}"] + [f"{c} {h} {t}" for _, h, t, c in d.sections]]
    part = index_segment(documents)
    expected: dict[str, list[tuple[int, int]]] = {}
    for unit, text in enumerate(texts):
        for term in sorted(set(terms(text))):
            expected.setdefault(term, []).append((unit, terms(text).count(term)))
    assert part.lengths == [len(terms(text)) for text in texts]
    assert set(part.postings) == set(expected)
    for term, (first, last, rest) in part.postings.items():
        numbers = unpack(rest)
        units = [first] + [first + sum(numbers[1:n + 1:2]) for n in range(1, len(numbers), 2)]
        assert list(zip(units, numbers[0::2])) == expected[term] and last == units[-1], term

def test_a_page_shows_a_related_document_on_another_site_as_it_is_now(make_project, tmp_path):
    from test_assemble import TWO_SITES

    project = make_project({
        "platform.yaml": TWO_SITES,
        "content/mzj/jd.md": doc("低保政策解读", org="mzj", item="dibao-policy", type="解读", published="2025-05-21",
                                 interprets="[szf/notice]"),
    })
    cache = BuildCache()
    assert project.build(cache=cache).exit_code == 0
    project.write("content/szf/notice.md", doc("测试市人民政府关于做好政务公开工作的通知（修订）",
                                               doc_number="测府发〔2025〕1号"))
    assert project.build(cache=cache).exit_code == 0
    assert "（修订）" in project.read("mzj-site/doc/jd/index.html"), "the 解读 names the document's new title"
    assert project.build(out=tmp_path / "clean").exit_code == 0
    assert files_of(project.out) == files_of(tmp_path / "clean")
