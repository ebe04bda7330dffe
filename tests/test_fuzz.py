"""Property tests: malformed YAML, front matter and Markdown never crash the build; they give diagnostics."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BASE, MZJ, doc
from generator.build import build

VALID_DOC = BASE["content/szf/notice.md"]
YAMLISH = st.text(alphabet=st.sampled_from(list(":-[]{}#&*!|>'\"%@`,?\n\t 　：、\\/0123456789abcxyz中文〔〕号")),
                  max_size=200)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def build_with(files: dict[str, str]):
    root = Path(tempfile.mkdtemp(prefix="gongkai-fuzz-"))
    try:
        for path, text in {**BASE, **files}.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return build(root, write=False)
    finally:
        shutil.rmtree(root)


def assert_reported(result) -> None:
    assert result.exit_code in (0, 1, 2)
    if result.exit_code:
        assert result.diagnostics, "a failed build must say why"
        assert all(d.file and d.message for d in result.diagnostics)


@SETTINGS
@given(YAMLISH)
def test_any_catalog_text(text):
    assert_reported(build_with({"catalogs/mzj.yaml": text}))


@SETTINGS
@given(YAMLISH)
def test_any_front_matter(text):
    result = build_with({"content/szf/notice.md": f"---\n{text}\n---\n正文\n"})
    assert_reported(result)


@SETTINGS
@given(st.integers(min_value=0, max_value=len(VALID_DOC) - 1), st.sampled_from(["", ":", "\n", "[", "  ", "---", "'", "\t"]))
def test_one_character_edits_of_a_valid_document(position, replacement):
    assert_reported(build_with({"content/szf/notice.md": VALID_DOC[:position] + replacement + VALID_DOC[position + 1:]}))


@SETTINGS
@given(st.integers(min_value=0, max_value=len(MZJ) - 1), st.sampled_from(["", ":", "\n", "- ", "  ", "{", "'"]))
def test_one_character_edits_of_a_valid_catalog(position, replacement):
    assert_reported(build_with({"catalogs/mzj.yaml": MZJ[:position] + replacement + MZJ[position + 1:]}))


@SETTINGS
@given(st.text(max_size=300))
def test_any_markdown_body(body):
    result = build_with({"content/szf/notice.md": doc("通知", body=body.replace("\r", ""))})
    assert_reported(result)
    assert {d.code for d in result.diagnostics} <= {"E320", "E404", "E407", "W330"}
