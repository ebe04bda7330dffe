"""Positions of YAML keys and values (sources.LineMap): exact whatever the layout, through pickling too."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from generator.sources import LineMap, load_yaml, split_front_matter

FRONT = """---
# 起草：办公室
title:   "关于做好低保工作的通知"
keywords:
  - 低保
  -   救助
outage: {start: "2025-05-01 22:00", area: 城东片区}
summary: >-
  第一行
  第二行
steps:
- name: 申请
  days: 1
title: 重复
---
正文
"""


def test_positions_are_those_of_the_file():
    lines = split_front_matter(FRONT).lines
    assert lines.value(()) == (3, 1)
    assert lines.key(("keywords",)) == (4, 1)
    assert lines.value(("keywords",)) == (5, 3)
    assert lines.value(("keywords", 1)) == (6, 7)
    assert lines.value(("outage", "area")) == (7, 43)
    assert lines.key(("outage", "area")) == (7, 37)
    assert lines.value(("summary",)) == (8, 10)
    assert lines.key(("steps",)) == (11, 1)
    assert lines.value(("steps",)) == (12, 1)
    assert lines.value(("steps", 0, "days")) == (13, 9)
    assert lines.value(("steps", 0, "fee")) == (12, 3)  # a value not written: where its mapping is
    assert lines.key(("steps", 0, "fee")) == (12, 3)
    assert lines.duplicates == ((("title",), (14, 1)),)
    assert lines.value(("title",)) == (14, 8)  # the last one written, as the data holds it
    assert list(lines.values)[:4] == [(), ("title",), ("keywords",), ("keywords", 0)]  # in the file's order
    assert lines.as_written(("feedback_to",), {"feedback_to": ("feedback_to", "反馈")}) == ("feedback_to",)


def test_files_of_one_layout_share_one_map_and_others_do_not():
    first, same = load_yaml("a: 1\nb: [x, y]\n")[1], load_yaml("a: 2\nb: [z, w]\n")[1]
    other = load_yaml("a: 1\n\nb: [x, y]\n")[1]
    assert first is same
    assert other != first and other.value(("b", 1)) == (3, 8)


def test_a_map_comes_back_from_pickle_equal_and_shared():
    lines = split_front_matter(FRONT).lines
    again = pickle.loads(pickle.dumps(lines))
    assert again is lines
    assert (dict(again.values), dict(again.keys), again.duplicates) == (dict(lines.values), dict(lines.keys),
                                                                      lines.duplicates)


_POSITION = st.tuples(st.integers(1, 300_000), st.integers(1, 5_000))
_PATH = st.lists(st.one_of(st.text(max_size=4), st.integers(0, 200)), max_size=4).map(tuple)


@given(st.lists(st.tuples(_PATH, _POSITION, st.one_of(st.none(), _POSITION)), max_size=40))
def test_any_positions_come_back_exactly(entries):
    """Lines that go back, columns far left of where a value usually is, numbers of several bytes."""
    values = {path: at for path, at, _ in entries}
    keys = {path: key for path, _, key in entries if key and path and isinstance(path[-1], str)}
    duplicates = [(path, key) for path, key in keys.items()][:1]
    for lines in (LineMap(values, keys, duplicates), pickle.loads(pickle.dumps(LineMap(values, keys, duplicates)))):
        assert list(lines.values.items()) == list(values.items())
        assert dict(lines.keys) == keys
        assert lines.duplicates == tuple(duplicates)
        assert lines == LineMap(values, keys, duplicates)
