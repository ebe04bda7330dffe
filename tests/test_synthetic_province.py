"""The synthetic province (bench/synthetic.py make_province) builds, with documents shared across
sites, 解读 across organizations and a provincial library of every city's 规范性文件."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml

from generator.build import build

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from synthetic import make_province, province_shape  # noqa: E402


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    project = tmp_path_factory.mktemp("province")
    figures = make_province(project, 300)
    out = project.parent / "province-out"
    result = build(project, out)
    fronts = {path.relative_to(project / "content").with_suffix("").as_posix():
              yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
              for path in (project / "content").rglob("*.md")}
    return figures, result, out, fronts


def test_builds_every_site_without_errors(province):
    figures, result, out, _ = province
    assert result.exit_code == 0, [d.message for d in result.diagnostics]
    assert not [d for d in result.diagnostics if d.severity == "error"]
    assert figures["sites"] == province_shape(300)["sites"] == len(result.platform.sites) == 15
    assert all((out / site.config.id / "index.html").is_file() for site in result.platform.sites)
    kinds = [site.config.kind for site in result.platform.sites]
    assert kinds.count("portal") == 1 + province_shape(300)["cities"] + province_shape(300)["counties"]


def page(result, out, site_id: str, doc_id: str) -> Path | None:
    site = next(s for s in result.platform.sites if s.config.id == site_id)
    return out / site_id / site.doc_paths[doc_id] if doc_id in site.doc_paths else None


def home_site(result, doc_id: str) -> str:
    """The site showing the document's organization (elsewhere it is shared in, under gx/)."""
    return next(s.config.id for s in result.platform.sites
                if doc_id in s.doc_paths and not s.doc_paths[doc_id].startswith("gx/"))


def test_a_shared_document_is_on_both_sites(province):
    _, result, out, fronts = province
    shared = [(doc_id, front) for doc_id, front in fronts.items() if front.get("also")]
    assert shared
    for doc_id, front in shared:
        other = front["also"][0].split("/")[0]
        own = home_site(result, doc_id)
        assert other != own
        for site_id in (own, other):
            assert page(result, out, site_id, doc_id).is_file(), (doc_id, site_id)
        assert front["title"] in page(result, out, other, doc_id).read_text(encoding="utf-8")


def test_an_interpretation_links_a_policy_of_another_organization(province):
    _, result, out, fronts = province
    across = [(doc_id, front["interprets"][0]) for doc_id, front in fronts.items()
              if front.get("interprets") and front["interprets"][0].split("/")[0] != doc_id.split("/")[0]]
    assert across
    doc_id, policy = across[0]
    explained = page(result, out, home_site(result, policy), policy).read_text(encoding="utf-8")
    assert fronts[doc_id]["title"] in explained  # the policy's page lists its 解读
    own = page(result, out, home_site(result, doc_id), doc_id).read_text(encoding="utf-8")
    assert fronts[policy]["title"] in own and policy.split("/", 1)[1] in own


def test_the_provincial_library_lists_every_citys_regulations(province):
    _, _, out, fronts = province
    library = json.loads((out / "sheng" / "gfxwjk" / "library.json").read_text(encoding="utf-8"))
    listed = {record["id"] for record in library["documents"]}
    regulations = {doc_id for doc_id, front in fronts.items() if front.get("category")}
    assert listed == regulations
    assert {doc_id.split("/")[0].split("-")[0] for doc_id in listed} >= {"sheng", "c01", "c02"}
    counties = {doc_id.split("/")[0] for doc_id in listed if "-x" in doc_id.split("/")[0]}
    assert len(counties) >= 2  # every government has 规范性文件, counties too


def test_varied_layouts_change_how_front_matter_is_written_not_what_it_says(tmp_path):
    """`varied_layouts` (for the survey's memory with layouts of their own, docs/PERFORMANCE.md): the
    same documents, with keywords and summaries added, build without errors, nearly every one
    laid out its own way."""
    from generator.sources import split_front_matter

    make_province(tmp_path / "plain", 300)
    make_province(tmp_path / "varied", 300, varied_layouts=True)
    result = build(tmp_path / "varied", tmp_path / "out")
    assert not [d.message for d in result.diagnostics if d.severity == "error"]
    layouts = set()
    for path in (tmp_path / "plain" / "content").rglob("*.md"):
        varied = (tmp_path / "varied" / path.relative_to(tmp_path / "plain")).read_text(encoding="utf-8")
        front = yaml.safe_load(varied.split("---")[1])
        front.pop("keywords", None), front.pop("summary", None)
        assert front == yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        layouts.add(split_front_matter(varied).lines)
    assert len(layouts) > 0.8 * 300
