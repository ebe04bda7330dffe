"""Invariants of the repository's own example platform (示例市), built once per test session."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

from conftest import EXAMPLE_TODAY, REPO
from sitelinks import internal_targets, parse, site_dirs
from generator.build import build


def test_example_has_the_promised_shape(example_build):
    out, result = example_build
    assert [p.name for p in site_dirs(out)] == ["portal", "rsj"]
    assert result.platform.published_documents >= 60
    assert result.diagnostics == []


def test_every_catalog_item_has_a_column_page(example_build):
    out, _ = example_build
    for catalog in sorted((REPO / "catalogs").glob("*.yaml")):
        data = yaml.safe_load(catalog.read_text(encoding="utf-8"))
        org = data["org"]["id"]
        candidates = [out / "rsj" if org == "rsj" else out / "portal"]
        for item in data["items"]:
            pages = [p for site in candidates for p in site.rglob(f"{item['id']}/index.html")]
            assert pages, f"{catalog.name}: 事项 {item['id']} 没有栏目页"


def test_no_broken_internal_link_or_anchor(example_build):
    out, _ = example_build
    for site in site_dirs(out):
        for page in site.rglob("*.html"):
            parser = parse(page)
            for href, target, fragment in internal_targets(page, site, parser):
                assert site in target.parents, f"{page}: {href} leaves the site folder"
                assert target.is_file(), f"{page.relative_to(out)}: broken link {href}"
                assert not href.endswith("/"), f"{page}: {href} names a folder, not a file"
                if fragment and target.suffix == ".html":
                    assert fragment in parse(target).ids, f"{page}: missing anchor {href}"


def test_every_document_is_reachable_from_its_home_page(example_build):
    out, result = example_build
    for site in site_dirs(out):
        seen, queue = set(), [site / "index.html"]
        while queue:
            page = queue.pop()
            if page in seen or page.suffix != ".html":
                continue
            seen.add(page)
            queue += [t for _, t, _ in internal_targets(page, site, parse(page)) if t.is_file()]
        build = next(s for s in result.platform.sites if s.config.id == site.name)
        for doc_id, path in build.doc_paths.items():
            assert (site / path).resolve() in seen, f"{site.name}: {doc_id} 无法从首页到达"


def test_non_public_documents_never_reach_the_output(example_build):
    out, _ = example_build
    withheld = []
    for path in (REPO / "content").rglob("*.md"):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        if front.get("disclosure", "主动公开") != "主动公开":
            withheld.append(front["title"])
    assert withheld, "the example must contain non-public documents"
    blob = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    for title in withheld:
        assert title.encode("utf-8") not in blob


def test_required_meta_tags_and_footer_identity(example_build):
    out, _ = example_build
    platform = yaml.safe_load((REPO / "platform.yaml").read_text(encoding="utf-8"))
    for site_config in platform["sites"]:
        site = out / site_config["id"]
        for page in sorted(site.rglob("*.html"))[:80]:
            metas = parse(page).metas
            for name in ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType"):
                assert metas.get(name), f"{page}: <meta name={name}> missing"
            assert metas["SiteIDCode"] == site_config["identity"]["site_code"]
            text = page.read_text(encoding="utf-8")
            for key in ("sponsor", "icp", "site_code", "contact"):
                assert site_config["identity"][key] in text, f"{page}: footer lacks {key}"
        document = next(site.rglob("doc/*/index.html"))
        metas = parse(document).metas
        assert metas["ArticleTitle"] and re.match(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", metas["PubDate"])


def test_document_page_shows_the_metadata_header(example_build):
    out, _ = example_build
    page = (out / "portal" / "doc" / "2024-zhengfu-touzi-xiangmu-banfa" / "index.html").read_text(encoding="utf-8")
    for label in ("索引号", "主题分类", "发布机构", "成文日期", "文　　号", "发布日期", "有 效 性"):
        assert label in page
    assert "01140001X/2024-" in page  # generated 索引号 {org code}/{year}-{seq}
    assert "废止" in page and "示府发〔2024〕3号" in page


def test_shared_document_appears_on_both_sites_with_canonical_link(example_build):
    out, _ = example_build
    owner = out / "rsj" / "doc" / "2026-jiuye-chuangye-butie-tongzhi" / "index.html"
    copy = out / "portal" / "gx" / "rsj" / "2026-jiuye-chuangye-butie-tongzhi" / "index.html"
    assert owner.is_file() and copy.is_file()
    assert '<link rel="canonical" href="https://rsj.example.gov.cn/doc/2026-jiuye-chuangye-butie-tongzhi/index.html">' \
        in copy.read_text(encoding="utf-8")
    assert "gx/rsj/2026-jiuye-chuangye-butie-tongzhi/index.html" in (out / "portal" / "zcwj" / "index.html").read_text(encoding="utf-8")


def test_hosted_departments_and_enterprises_have_their_sections(example_build):
    out, _ = example_build
    portal = out / "portal"
    for org in ("mzj", "stj", "czj", "scj"):
        assert (portal / "zt" / org / "index.html").is_file()
        for part in ("zn", "zd", "fdzdgknr", "nb"):
            assert (portal / "zt" / org / "zfxxgk" / part / "index.html").is_file(), f"{org}: {part}"
    enterprises = (portal / "qsy" / "index.html").read_text(encoding="utf-8")
    for sector in ("供水", "供电", "供气", "公共交通"):
        assert sector in enterprises
    assert not (out / "rsj" / "qsy").exists()


def test_catalog_is_published_with_csv_and_xlsx(example_build):
    out, _ = example_build
    folder = out / "portal" / "zt" / "mzj" / "zfxxgk" / "ml"
    csv_text = (folder / "mzj-catalog.csv").read_text(encoding="utf-8-sig")
    assert csv_text.startswith("序号,公开事项,,公开内容(要素)")
    assert "■政府网站" in csv_text
    from openpyxl import load_workbook
    sheet = load_workbook(folder / "mzj-catalog.xlsx").active
    assert sheet["A1"].value == "示例市民政局政务公开标准目录"
    assert sheet["B3"].value == "一级事项"


def test_every_link_is_relative_and_names_a_file(example_build):
    out, _ = example_build
    for page in (out / "portal").rglob("*.html"):
        for href in parse(page).hrefs:
            if "://" in href:
                continue
            assert not href.startswith("/"), f"{page}: absolute path {href}"
            assert href.isascii(), f"{page}: non-ASCII URL {href}"


def test_two_builds_are_byte_identical(example_build, tmp_path):
    first, _ = example_build
    second = tmp_path / "again"
    assert build(REPO, out=second, today=EXAMPLE_TODAY).exit_code == 0

    def digest(root: Path) -> dict[str, str]:
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}

    assert digest(first) == digest(second)
