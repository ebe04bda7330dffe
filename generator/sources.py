"""Reading YAML and front matter while keeping the line and column of every key and value.

`load_yaml` returns the data plus a `LineMap` from a path such as ("items", 3, "time_limit") to
the position of that value (and of its key), so later stages can point at the exact spot when a
value turns out to be wrong.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

from .sharing import Recent, shared

try:  # libyaml's C parser is several times faster; fall back to pure Python where it is absent
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

YamlPath = tuple[str | int, ...]


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that leaves dates as text, so a bad date is a field error, not a crash."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _BaseLoader.construct_yaml_str)


# A survey holds every document's LineMap at once, so a LineMap is small whatever the file's layout
# (~0.15 KB for a front matter of a dozen values, against ~1.1 KB as two dicts): its paths, in the
# file's order, are one tuple shared by every file with the same keys (its shape), and its
# positions are packed into bytes, each number a small difference from one before it (`_pack`).
# Files of one layout (the same keys on the same lines and columns: documents written from one
# template) share one LineMap, made or unpickled (from a worker process or a shard's manifest).  So
# a LineMap is never changed once made; `values` and `keys` are unpacked when asked for.  The tables
# that share shapes and layouts forget them by the 4,096, so that files of a layout of their own
# cost no entry (nor keep a reading worker's LineMaps alive once they are sent).
_shapes = Recent(4096)
_layouts = Recent(4096)


class LineMap:
    """Positions (1-based line, column) of YAML values and keys, offset into the real file."""

    __slots__ = ("shape", "packed", "duplicates")
    shape: tuple[YamlPath, ...]
    packed: bytes
    duplicates: tuple[tuple[YamlPath, tuple[int, int]], ...]

    def __new__(cls, values: Mapping[YamlPath, tuple[int, int]] = MappingProxyType({}),
                keys: Mapping[YamlPath, tuple[int, int]] = MappingProxyType({}),
                duplicates: Iterable[tuple[YamlPath, tuple[int, int]]] = ()) -> LineMap:
        """From the position of each value by its path, in the file's order, and of each key (whose
        path ends with the key, and has a value); `duplicates`: keys written twice, where the second is."""
        if not keys.keys() <= values.keys():
            raise ValueError("every key's path needs a value's position")
        return _made(tuple(values), _pack(values, keys), tuple(duplicates))

    def __reduce__(self):
        return _made, (self.shape, self.packed, self.duplicates)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LineMap):
            return NotImplemented
        return (self.packed == other.packed and self.shape == other.shape
                and self.duplicates == other.duplicates)

    def __hash__(self) -> int:
        return hash((self.shape, self.packed, self.duplicates))

    def __repr__(self) -> str:
        return f"LineMap(values={dict(self.values)!r}, keys={dict(self.keys)!r}, duplicates={self.duplicates!r})"

    @property
    def values(self) -> Mapping[YamlPath, tuple[int, int]]:
        """Position of every value by its path, in the file's order (read-only)."""
        return _unpacked(self)[0]

    @property
    def keys(self) -> Mapping[YamlPath, tuple[int, int]]:
        """Position of every mapping key by the path it leads to (read-only)."""
        return _unpacked(self)[1]

    def value(self, path: YamlPath) -> tuple[int, int] | None:
        """Position of the value at `path`, or of the nearest enclosing value that exists."""
        values = self.values
        for end in range(len(path), -1, -1):
            found = values.get(path[:end])
            if found:
                return found
        return None

    def key(self, path: YamlPath) -> tuple[int, int] | None:
        return self.keys.get(path) or self.value(path)

    def as_written(self, path: YamlPath, aliases: dict[str, tuple[str, ...]]) -> YamlPath:
        """`path`, given by canonical key names, as the file writes it: each key under whichever of its
        `aliases` the file uses (the first when none)."""
        values = self.values
        found: tuple = ()
        for part in path:
            names = aliases.get(part, (part,)) if isinstance(part, str) else (part,)
            found += (next((n for n in names if found + (n,) in values), names[0]),)
        return found


def _made(shape: tuple[YamlPath, ...], packed: bytes, duplicates: tuple) -> LineMap:
    """The LineMap of these parts: one already in use if equal, its shape one already in use if equal."""
    lines = object.__new__(LineMap)
    lines.shape = _shapes.get(shape) or _shapes.one(tuple(map(shared, shape)))
    lines.packed, lines.duplicates = packed, duplicates
    return _layouts.one(lines)


# Packed positions: for each path of the shape in turn, the line as a difference from the line of
# the value before, doubled, plus 1 when a key is written; then for a key its column, the line of
# its value as a difference from the key's and the value's column as a difference from where it
# most often is (after "key: "); without a key, the value's column.  Differences are zigzagged
# (0, -1, 1, -2 … → 0, 1, 2, 3 …) and every number written in 7-bit groups, lowest first, the
# high bit set on all but the last: most are one byte.
def _pack(values: Mapping[YamlPath, tuple[int, int]], keys: Mapping[YamlPath, tuple[int, int]]) -> bytes:
    numbers: list[int] = []
    before = 0
    for path, (line, column) in values.items():
        key = keys.get(path)
        if key is None:
            numbers += (_zigzag(line - before) << 1, column)
        else:
            down, right = line - key[0], column - key[1] - len(path[-1]) - 2
            numbers += (_zigzag(key[0] - before) << 1 | 1, key[1], _zigzag(down), _zigzag(right))
        before = line
    if max(numbers, default=0) < 0x80:
        return bytes(numbers)
    packed = bytearray()
    for n in numbers:
        while n >= 0x80:
            packed.append(n & 0x7F | 0x80)
            n >>= 7
        packed.append(n)
    return bytes(packed)


@functools.lru_cache(maxsize=64)  # a stage asks one file's LineMap many times in a row (a catalog's items)
def _unpacked(lines: LineMap) -> tuple[Mapping[YamlPath, tuple[int, int]], Mapping[YamlPath, tuple[int, int]]]:
    numbers = iter(_numbers(lines.packed))
    values: dict[YamlPath, tuple[int, int]] = {}
    keys: dict[YamlPath, tuple[int, int]] = {}
    line = 0
    for path in lines.shape:
        first = next(numbers)
        line += _unzigzag(first >> 1)
        if first & 1:
            key = keys[path] = (line, next(numbers))
            line += _unzigzag(next(numbers))
            values[path] = (line, key[1] + len(path[-1]) + 2 + _unzigzag(next(numbers)))
        else:
            values[path] = (line, next(numbers))
    return MappingProxyType(values), MappingProxyType(keys)


def _numbers(packed: bytes) -> list[int]:
    if packed.isascii():  # every number below 128
        return list(packed)
    numbers, n, shift = [], 0, 0
    for byte in packed:
        n |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            numbers.append(n)
            n, shift = 0, 0
    return numbers


def _zigzag(n: int) -> int:
    return n << 1 ^ n >> 63


def _unzigzag(n: int) -> int:
    return n >> 1 if not n & 1 else -(n >> 1) - 1


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
    values: dict[YamlPath, tuple[int, int]] = {}
    keys: dict[YamlPath, tuple[int, int]] = {}
    duplicates: list[tuple[YamlPath, tuple[int, int]]] = []
    if node is not None:
        _walk(node, (), values, keys, duplicates, line_offset)
    return data, LineMap(values, keys, duplicates)


def _walk(node: yaml.Node, path: YamlPath, values: dict, keys: dict, duplicates: list, offset: int) -> None:
    values[path] = (node.start_mark.line + 1 + offset, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = path + (key,)
            position = (key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1)
            if key in seen:
                duplicates.append((child, position))
            seen.add(key)
            keys[child] = position
            _walk(value_node, child, values, keys, duplicates, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), values, keys, duplicates, offset)


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
