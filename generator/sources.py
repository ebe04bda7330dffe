"""Reading YAML and front matter while keeping the line and column of every key and value.

`load_yaml` returns the data plus a `LineMap` from a path such as ("items", 3, "time_limit") to
the position of that value (and of its key), so later stages can point at the exact spot when a
value turns out to be wrong.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .sharing import shared

try:  # libyaml's C parser is several times faster; fall back to pure Python where it is absent
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

YamlPath = tuple[str | int, ...]


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that leaves dates as text, so a bad date is a field error, not a crash."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _BaseLoader.construct_yaml_str)


# Paths and positions repeat from file to file (every document has ('org',) at line 2): LineMaps
# share one tuple for each, which takes a document's positions from 2.7 KB to 1 KB (at 10⁶ documents);
# and files of one layout (the same keys on the same lines and columns: documents written from one
# template) share one LineMap.  An unpickled LineMap (from a worker process or a shard's manifest)
# is shared again.  So a LineMap is never changed once `load_yaml` returned it.
_layouts: weakref.WeakValueDictionary[int, LineMap] = weakref.WeakValueDictionary()


@dataclass
class LineMap:
    """Positions (1-based line, column) of YAML values and keys, offset into the real file."""

    values: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    duplicates: list[tuple[YamlPath, tuple[int, int]]] = field(default_factory=list)

    def __reduce__(self):
        return _unpickled, (self.values, self.keys, self.duplicates)

    def value(self, path: YamlPath) -> tuple[int, int] | None:
        """Position of the value at `path`, or of the nearest enclosing value that exists."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found:
                return found
        return None

    def key(self, path: YamlPath) -> tuple[int, int] | None:
        return self.keys.get(path) or self.value(path)

    def as_written(self, path: YamlPath, aliases: dict[str, tuple[str, ...]]) -> YamlPath:
        """`path`, given by canonical key names, as the file writes it: each key under whichever of its
        `aliases` the file uses (the first when none)."""
        found: tuple = ()
        for part in path:
            names = aliases.get(part, (part,)) if isinstance(part, str) else (part,)
            found += (next((n for n in names if found + (n,) in self.values), names[0]),)
        return found


def _unpickled(values: dict, keys: dict, duplicates: list) -> LineMap:
    return _one_of(LineMap({shared(path): shared(at) for path, at in values.items()},
                           {shared(path): shared(at) for path, at in keys.items()}, duplicates))


def _one_of(lines: LineMap) -> LineMap:
    """`lines`, or the LineMap equal to it already in use."""
    layout = hash((tuple(lines.values.items()), tuple(lines.keys.items()), tuple(lines.duplicates)))
    found = _layouts.setdefault(layout, lines)
    return found if found == lines else lines


def file_stamp(path: Path) -> tuple[int, int] | None:
    """(modification time, size) of a file, None if there is none: what a kind's load cache keys on."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


class YamlError(Exception):
    def __init__(self, problem: str, line: int | None, column: int | None):
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.column = column


def load_yaml(text: str, line_offset: int = 0) -> tuple[object, LineMap]:
    """Parse one YAML document.  Raises YamlError with a position on bad syntax."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        # for an unclosed key, bracket or quote the culprit is where it started, not where it ended
        started = (exc.context or "").startswith(("while scanning a simple key", "while parsing a flow",
                                                    "while scanning a quoted scalar"))
        mark = (exc.context_mark if started else None) or exc.problem_mark or exc.context_mark
        mistake = _punctuation_mistake(text.split("\n"), exc.problem_mark.line) if exc.problem_mark else None
        if mistake:
            problem, line, column = mistake
            raise YamlError(problem, line + 1 + line_offset, column + 1) from None
        problem = _chinese_problem(exc.problem or exc.context or str(exc))
        raise YamlError(problem, mark.line + 1 + line_offset if mark else None,
                        mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise YamlError(_chinese_problem(str(exc)), None, None) from None
    finally:
        loader.dispose()
    lines = LineMap()
    if node is not None:
        _walk(node, (), lines, line_offset)
    return data, _one_of(lines)


def _walk(node: yaml.Node, path: YamlPath, lines: LineMap, offset: int) -> None:
    lines.values[path] = shared((node.start_mark.line + 1 + offset, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = shared(path + (key,))
            position = shared((key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1))
            if key in seen:
                lines.duplicates.append((child, position))
            seen.add(key)
            lines.keys[child] = position
            _walk(value_node, child, lines, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, shared(path + (index,)), lines, offset)


_PROBLEMS = {
    "could not find expected ':'": "找不到应有的冒号 \":\"",
    "mapping values are not allowed here": "此处不能出现键值对（冒号后是否少了空格，或缩进不一致？）",
    "found character '\\t' that cannot start any token": "不能用制表符（Tab）缩进，请改用空格",
    "did not find expected key": "缩进不一致，找不到应有的字段名",
    "found unexpected end of stream": "文件意外结束（引号或括号没有闭合？）",
    "did not find expected ',' or ']'": "方括号列表没有闭合，缺少 \",\" 或 \"]\"",
    "did not find expected ',' or '}'": "花括号映射没有闭合，缺少 \",\" 或 \"}\"",
    "found undefined alias": "使用了未定义的别名（*）",
    "expected a single document in the stream": "文件中只能有一个 YAML 文档",
}


# Chinese punctuation typed where YAML needs ASCII: the usual cause of a syntax error in a clerk's file
_FULLWIDTH_COLON_KEY = re.compile(r"^\s*(?!- )([^\s#:：“”‘’\"'][^:：]*?)：")
_CHINESE_QUOTE_VALUE = re.compile(r"^\s*(?:- )?[^:：#]+: ([“‘]).*: ")
_COLON_IN_VALUE = re.compile(r"^\s*(?:- )?[^:：#\"'“]+: ([^\"'“‘\[{|>].*?): ")


def _punctuation_mistake(lines: list[str], error_line: int) -> tuple[str, int, int] | None:
    """(problem, 0-based line, 0-based column) of the mistake that most likely caused a syntax error
    reported at `error_line`: the nearest suspicious line at or up to two lines before it."""
    for number in range(min(error_line, len(lines) - 1), max(error_line - 3, -1), -1):
        line = lines[number]
        found = _FULLWIDTH_COLON_KEY.match(line)
        if found:
            return (f"“{found.group(1).strip()}”后面是全角冒号“：”，字段名和值之间要用英文冒号加空格“: ”",
                    number, found.end() - 1)
        if "\u3000" in line:
            return "这一行有全角空格“　”，缩进和冒号后的空格都要用半角空格", number, line.index("\u3000")
        found = _CHINESE_QUOTE_VALUE.match(line)
        if found:
            return ("中文引号“”不能把值括起来：值里有“: ”（冒号加空格）时，改用英文引号 \"…\" 把整个值括起来",
                    number, found.start(1))
        if number == error_line:
            found = _COLON_IN_VALUE.match(line)
            if found:
                return ("值里有“: ”（冒号加空格），YAML 会把它当成新的字段：请用英文引号 \"…\" 把整个值括起来",
                        number, found.start(1))
    return None


def _chinese_problem(problem: str) -> str:
    for english, chinese in _PROBLEMS.items():
        if problem.startswith(english):
            return chinese
    return problem


@dataclass
class FrontMatter:
    data: object
    lines: LineMap
    body: str
    body_line: int  # 1-based line in the file where the body starts


class FrontMatterError(Exception):
    def __init__(self, problem: str, line: int | None = None, column: int | None = None):
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.column = column


def split_front_matter(text: str) -> FrontMatter:
    """Split `---\\nYAML\\n---\\nbody`; YAML positions are given in file lines."""
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError("文件开头没有前置元数据（第一行应为 ---）", 1, 1)
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            break
    else:
        raise FrontMatterError("前置元数据没有结束行 ---", len(lines), 1)
    yaml_text = "\n".join(lines[1:index])
    try:
        data, line_map = load_yaml(yaml_text, line_offset=1)
    except YamlError as exc:
        raise FrontMatterError(f"YAML 语法错误：{exc.problem}", exc.line, exc.column) from None
    return FrontMatter(data=data, lines=line_map, body="\n".join(lines[index + 1:]), body_line=index + 2)
