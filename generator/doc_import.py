"""`gongkai import-doc FILE.docx|FILE.pdf --org ID --item ITEM`: an official document (公文) →
content/ID/<name>/index.md.

Reads the GB/T 9704 layout from the blocks `doc_readers` gives: 发文机关标志 and 发文字号 at the
top, the centered 标题, the 主送机关 line ending in ：, the 正文, the 附件说明, the 署名 and 成文日期,
the 公开属性 line and the 版记 (抄送, 印发).  The front matter is filled only with what the document
says; every field it does not find is named, and `disclosure` is never guessed.  The body keeps its
structure as Markdown (一、→ ##, （一）→ ###, 1. → a numbered item, tables, emphasis, images), and
files given with --attach are matched to the 附件说明's lines.  Nothing is written unless the whole
document folder can be (it is made beside its place and renamed into it).
"""

from __future__ import annotations

import difflib
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from .build import EXIT_CONFIG, EXIT_CONTENT, EXIT_OK
from .diagnostics import Diagnostic, Position, Reporter, did_you_mean
from .doc_readers import Block, NoTextLayer, Unreadable, escape_markdown, read
from .loading import load_catalogs
from .models import DOC_NUMBER, normalize_doc_number

SUFFIXES = {".docx", ".pdf"}
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_NUMBER = r"[〇零○ＯO一二三四五六七八九十廿卅]"
DATE = re.compile(rf"^(\d{{4}}|{_CN_NUMBER}{{4}})年(\d{{1,2}}|{_CN_NUMBER}{{1,3}})月(\d{{1,2}}|{_CN_NUMBER}{{1,3}})日$")
NUMBER = re.compile(r"^([^\s〔\[［(（【]{1,20}[〔\[［(（【](?:19|20)\d{2}[〕\]］)）】]第?\d+号|[^\s]{2,30}令第\d+号)")
DISCLOSURE = re.compile(r"^[（(]?(?:此件|本件)(公开发布|主动公开|依申请公开|不予公开|不公开)[）)]?$"
                        r"|^公开(?:属性|方式)[：:](主动公开|依申请公开|不予公开|不公开)$")
DISCLOSURE_VALUES = {"公开发布": "主动公开", "主动公开": "主动公开", "依申请公开": "依申请公开", "不予公开": "不予公开",
                     "不公开": "不予公开"}
ATTACHMENT_NOTE = re.compile(r"^附件[：:](.*)$")
NUMBERED = re.compile(r"^(\d{1,3})\s*[.．、]\s*(?!\d)(.+)$")  # 1. 1． 1、 but not 3.5万元
RECORD = re.compile(r"^(?:抄送|抄报|分送)[：:]|印发$")  # 版记 lines
H2 = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十百零〇]+章)")
H3 = re.compile(r"^(?:[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十百零〇]+节)")
ENDS_SENTENCE = re.compile(r"[。；;！？，,：:]$")
FILE_TYPES = ("通知", "意见", "办法", "方案", "决定", "规定", "通告", "批复", "函", "细则", "通报", "决议", "命令", "令",
              "公报", "请示", "纪要", "条例", "规则", "要点", "计划", "措施", "标准", "目录", "清单", "章程")
FIELD_LABELS = {"title": "标题", "doc_number": "发文字号", "written": "成文日期"}


@dataclass
class Official:
    """The parts of a 公文 found in its blocks."""

    mark: str | None = None        # 发文机关标志
    doc_number: str | None = None  # 发文字号, GB/T 9704 form
    title: str | None = None
    body: list[Block] = field(default_factory=list)  # 主送机关 first, then the 正文
    attachment_titles: list[str] = field(default_factory=list)  # from the 附件说明
    signer: str | None = None      # 署名
    written: date | None = None    # 成文日期
    disclosure: str | None = None  # from the 公开属性 line


@dataclass
class ImportOutcome:
    diagnostics: list[Diagnostic]
    exit_code: int
    written: Path | None = None  # the index.md written
    report: list[str] = field(default_factory=list)  # what was read, for the person to check


def compact(text: str) -> str:
    """Text without the spaces a layout adds between CJK characters (标  题, 2025 年 5 月)."""
    return re.sub(r"\s+", "", text) if not re.search(r"[A-Za-z]\s+[A-Za-z]", text) else text.strip()


def chinese_number(text: str) -> int:
    """十二 → 12, 二十六 → 26, 廿六 → 26, 三十一 → 31, 〇五 → 5, 12 → 12."""
    if text.isdigit():
        return int(text)
    text = text.replace("廿", "二十").replace("卅", "三十")
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return int("".join(str(_CN_DIGITS[c]) for c in text))


def parse_date(text: str) -> date | None:
    found = DATE.match(compact(text))
    if not found:
        return None
    year = found.group(1)
    year_value = int(year) if year.isdigit() else int("".join(str(_CN_DIGITS[c]) for c in year))
    try:
        return date(year_value, chinese_number(found.group(2)), chinese_number(found.group(3)))
    except (ValueError, KeyError):
        return None


def parse_official(blocks: list[Block]) -> Official:
    found = Official()
    kept = []
    for block in blocks:
        if block.kind == "text" and not block.text.strip():
            continue
        disclosure = DISCLOSURE.match(compact(block.text)) if block.kind == "text" else None
        if disclosure and found.disclosure is None:
            found.disclosure = DISCLOSURE_VALUES[disclosure.group(1) or disclosure.group(2)]
        else:
            kept.append(block)
    blocks = kept
    start = _head(blocks, found)
    start = _title(blocks, start, found)
    body_end, tail = _close(blocks, start, found)
    note = next((k for k in range(body_end - 1, start - 1, -1)
                 if blocks[k].kind == "text" and ATTACHMENT_NOTE.match(compact(blocks[k].text))), None)
    if note is not None:
        found.attachment_titles = _attachment_titles(blocks[note:body_end])
        body_end = note
    found.body = blocks[start:body_end] + [b for b in tail if b.kind != "text" or not RECORD.search(compact(b.text))]
    return found


def _head(blocks: list[Block], found: Official) -> int:
    """发文机关标志 and 发文字号: the blocks before the 文号 in the first few; returns where the title may start."""
    for index, block in enumerate(blocks[:8]):
        number = NUMBER.match(compact(block.text)) if block.kind == "text" else None
        if number:
            found.doc_number = normalize_doc_number(number.group(1)) or number.group(1)
            found.mark = "".join(compact(b.text) for b in blocks[:index] if b.kind == "text") or None
            return index + 1
    if len(blocks) > 1 and blocks[0].kind == blocks[1].kind == "text" and blocks[1].centered:
        first, second = compact(blocks[0].text), compact(blocks[1].text)
        larger = (blocks[0].size or 0) > (blocks[1].size or 0) + 2
        if first.endswith("文件") or (blocks[0].centered and (larger or second.startswith(first))):
            found.mark = first  # a 标志 without 文号, as on a 信函 (the title often starts with the organ's name)
            return 1
    return 0


def _title(blocks: list[Block], start: int, found: Official) -> int:
    """The centered lines after the head (or, in a document without alignment, its first line).
    Returns where the body starts: the 主送机关 line, if any, stays as its first line."""
    end = start
    while end < len(blocks) and blocks[end].kind == "text" and blocks[end].centered and _may_be_title(blocks[end]):
        end += 1
    if end == start and end < len(blocks) and blocks[end].kind == "text" and _may_be_title(blocks[end]) \
            and not ENDS_SENTENCE.search(blocks[end].text) and not H2.match(blocks[end].text):
        end += 1
    if end > start:
        found.title = "".join(compact(b.text) for b in blocks[start:end])
    return end


def _may_be_title(block: Block) -> bool:
    text = compact(block.text)
    return len(text) <= 120 and not text.endswith(("：", ":")) and not text.startswith(("（", "(")) \
        and parse_date(text) is None


def _close(blocks: list[Block], start: int, found: Official) -> tuple[int, list[Block]]:
    """署名 and 成文日期: the first line after the title that is only a date, and the short line
    before it.  Returns where the body ends and what follows the date (版记, pages appended)."""
    for index in range(start, len(blocks)):
        block = blocks[index]
        written = parse_date(block.text) if block.kind == "text" else None
        if written is None:
            continue
        found.written = written
        before = blocks[index - 1] if index - 1 >= start else None
        if before is not None and before.kind == "text" and _may_be_signer(before.text):
            found.signer = compact(before.text)
            return index - 1, blocks[index + 1:]
        return index, blocks[index + 1:]
    return len(blocks), []


def _may_be_signer(text: str) -> bool:
    text = compact(text)
    return len(text) <= 40 and not ENDS_SENTENCE.search(text) and not (
        H2.match(text) or H3.match(text) or NUMBERED.match(text) or ATTACHMENT_NOTE.match(text))


def _attachment_titles(blocks: list[Block]) -> list[str]:
    """附件：1. 甲 / 2. 乙 (or 附件：甲) → [甲, 乙]; a wrapped title's next line joins it."""
    titles: list[str] = []
    first = ATTACHMENT_NOTE.match(compact(blocks[0].text)).group(1)
    for line in [first] + [compact(b.text) for b in blocks[1:] if b.kind == "text"]:
        numbered = NUMBERED.match(line)
        if numbered or not titles:
            titles.append(numbered.group(2) if numbered else line)
        else:
            titles[-1] += line
    return [re.sub(r"^《(.+)》$", r"\1", t.rstrip("。；;")) for t in titles if t]


def doc_type(title: str) -> str | None:
    """The front matter's type, from the title's last word (the 文种)."""
    title = re.sub(r"[（(][^（()）]*[)）]$", "", title)  # （征求意见稿）, （试行）
    if "解读" in title:
        return "解读"
    if "政府信息公开工作年度报告" in title:
        return "年报"
    if title.endswith("办事指南"):
        return "办事指南"
    for ending in ("公示", "公告", "规划", "报告"):  # kinds with a type (and column) of their own
        if title.endswith(ending):
            return ending
    return "文件" if title.endswith(FILE_TYPES) else None


# ---------------------------------------------------------------- Markdown body

def body_markdown(blocks: list[Block], image_names: list[str]) -> str:
    parts: list[str] = []
    images = enumerate(image_names, 1)
    previous_item = False
    for block in blocks:
        if block.kind == "table":
            text, item = _pipe_table(block.rows), False
        elif block.kind == "image":
            number, name = next(images)
            text, item = f"![图{number}]({name})", False
        else:
            text, item = _paragraph(block)
        separator = "\n" if item and previous_item else "\n\n"
        parts.append((separator if parts else "") + text)
        previous_item = item
    return "".join(parts) + "\n" if parts else ""


def _paragraph(block: Block) -> tuple[str, bool]:
    """A paragraph as Markdown, and whether it is a list item."""
    text = block.text
    inline = block.markdown or escape_markdown(text)
    short = len(text) <= 40 and not re.search(r"[。；！？]", text[:-1])
    if short and H2.match(text):
        return "## " + escape_markdown(text), False
    if short and H3.match(text):
        return "### " + escape_markdown(text), False
    numbered = NUMBERED.match(text)
    if numbered:
        prefix = text[: text.index(numbered.group(2))]
        rest = inline[len(prefix):] if inline.startswith(prefix) else escape_markdown(numbered.group(2))
        return f"{int(numbered.group(1))}. {rest}", True
    if block.list_marker:
        return f"{block.list_marker} {inline}", True
    return re.sub(r"^(\d+)([.)])(?=\s)", r"\1\\\2", re.sub(r"^([#+\-])(?=\s)", r"\\\1", inline)), False


def _pipe_table(rows: list[list[str]]) -> str:
    width = max(len(row) for row in rows)
    cells = [[escape_markdown(cell) or " " for cell in row + [""] * (width - len(row))] for row in rows]
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + " --- |" * width]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in cells[1:]])


# ---------------------------------------------------------------- attachments and the folder

def match_attachments(titles: list[str], files: list[Path]) -> list[tuple[Path, int | None]]:
    """Each --attach file with the index of its 附件说明 title (None when none is left): by the number
    in its name (附件2…, 2-…), then by title similarity, then the rest in order."""
    assigned: dict[Path, int] = {}
    free = set(range(len(titles)))
    for path in files:
        number = re.match(r"^(?:附件\s*)?(\d{1,2})(?:\D|$)", path.stem)
        if number and int(number.group(1)) - 1 in free:
            assigned[path] = int(number.group(1)) - 1
            free.discard(assigned[path])
    pairs = sorted(((difflib.SequenceMatcher(None, _stem_title(path), titles[k]).ratio(), -n, -k, path, k)
                    for n, path in enumerate(files) if path not in assigned for k in free), reverse=True)
    for score, _, _, path, k in pairs:
        if score >= 0.4 and path not in assigned and k in free:
            assigned[path] = k
            free.discard(k)
    rest = sorted(free)
    for path in files:
        if path not in assigned and rest:
            assigned[path] = rest.pop(0)
    return [(path, assigned.get(path)) for path in files]


def _stem_title(path: Path) -> str:
    return re.sub(r"^(?:附件\s*)?\d{0,2}[\s._\-、．]*", "", path.stem)


def folder_name(doc_number: str | None, written: date | None, taken: set[str]) -> str:
    """The document's folder (its URL): 2025-12 from 示民发〔2025〕12号, ling-3 from a 令, else the
    date; -2, -3 … when taken."""
    number = re.search(r"〔(\d{4})〕(\d+)号$", doc_number or "")
    order = re.search(r"令第(\d+)号$", doc_number or "")
    base = (f"{number.group(1)}-{number.group(2)}" if number else f"ling-{order.group(1)}" if order
            else written.isoformat() if written else "doc")
    name, suffix = base, 1
    while name in taken:
        suffix += 1
        name = f"{base}-{suffix}"
    return name


def import_document(source: Path, org: str, item: str, project: Path, attach: list[Path]) -> ImportOutcome:
    """Read `source`, write content/<org>/<name>/index.md (and its files); what was found and not found."""
    reporter = Reporter()
    where = Position(file=str(source))
    org_name = _check_arguments(source, org, item, project, attach, reporter)
    if reporter.errors:
        return ImportOutcome(reporter.diagnostics, EXIT_CONFIG)
    try:
        found = parse_official(read(source))
    except NoTextLayer:
        reporter.report("E806", where, file=source.name)
        return ImportOutcome(reporter.diagnostics, EXIT_CONTENT)
    except Unreadable as exc:
        reporter.report("E805", where, file=source.name, problem=exc)
        return ImportOutcome(reporter.diagnostics, EXIT_CONTENT)
    if not found.body and not found.title:
        reporter.report("E808", where, file=source.name)
        return ImportOutcome(reporter.diagnostics, EXIT_CONTENT)

    meta = _meta(found, org, item, where, reporter)
    if found.signer and org_name not in found.signer and found.signer not in org_name:
        reporter.report("W806", where, signer=found.signer, name=org_name, org=org)
    content = project / "content" / org
    name = folder_name(found.doc_number, found.written,
                       {p.name.removesuffix(".md") for p in content.iterdir()} if content.is_dir() else set())
    images = [b for b in found.body if b.kind == "image"]
    image_names = [f"tu-{n}.{b.image[1]}" for n, b in enumerate(images, 1)]
    files: dict[str, bytes | Path] = {name_: b.image[0] for name_, b in zip(image_names, images)}
    attachments = _attachments(found.attachment_titles, attach, f"content/{org}/{name}", where, reporter)
    files.update({target: path for _, target, _, path in attachments})
    if attachments:
        meta["attachments"] = [{"file": target, "title": title} for _, target, title, _ in attachments]

    folder = content / name
    _write_folder(folder, _front_matter(meta, source, found) + body_markdown(found.body, image_names), files)
    report = [f"标题：{found.title or '（未找到）'}", f"发文字号：{found.doc_number or '（未找到）'}",
              f"成文日期：{found.written or '（未找到）'}" + ("（发布日期暂按成文日期填写，请改为实际发布日期）" if found.written else ""),
              f"类型：{meta['type']}" + ("（由标题判断）" if meta["type"] != "其他" else ""),
              f"公开属性：{found.disclosure or '（未找到，未写 disclosure）'}"]
    report += [f"附件 {n}：{title} ← {path.name}（{target}）" for n, target, title, path in attachments]
    return ImportOutcome(reporter.diagnostics, EXIT_OK, written=folder / "index.md", report=report)


def _check_arguments(source: Path, org: str, item: str, project: Path, attach: list[Path],
                     reporter: Reporter) -> str:
    """Usage errors (reported); the organization's name."""
    if not source.is_file():
        reporter.report("E801", Position(file=str(source)), file=source)
    elif source.suffix.lower() not in SUFFIXES:
        reporter.report("E802", Position(file=str(source)), suffix=source.suffix or "无扩展名")
    for path in attach:
        if not path.is_file():
            reporter.report("E807", Position(file=str(path)), file=path)
    catalogs = load_catalogs(project, Reporter())
    if org not in catalogs:
        reporter.report("E803", None, org=org, suggest=did_you_mean(org, catalogs, "单位编号"))
        return ""
    if catalogs[org].item(item) is None:
        reporter.report("E804", None, org=org, item=item,
                        suggest=did_you_mean(item, [i.id for i in catalogs[org].catalog.items], "栏目"))
    return catalogs[org].org.name


def _meta(found: Official, org: str, item: str, where: Position, reporter: Reporter) -> dict[str, object]:
    """The front matter read from the document (None where not found, each such field reported)."""
    kind = doc_type(found.title or "")
    if kind is None:
        reporter.report("W805", where)
    number = found.doc_number if found.doc_number and DOC_NUMBER.match(found.doc_number) else None
    meta = {"title": found.title, "org": org, "item": item, "type": kind or "其他", "doc_number": number,
            "written": found.written, "published": found.written, "disclosure": found.disclosure}
    for key, label in FIELD_LABELS.items():
        if meta[key] is None:
            reporter.report("W801", where, label=label, key=key,
                            effect="" if key == "doc_number" else "；没有它，这篇文档不能构建")
    if found.disclosure is None:
        reporter.report("W802", where)
    return meta


def _attachments(titles: list[str], files: list[Path], folder: str, where: Position,
                 reporter: Reporter) -> list[tuple[int, str, str, Path]]:
    """(number, file name in the folder, title, source file) for each --attach file, in 附件说明 order;
    a file without a line there comes after, titled by its name; a line without a file is reported."""
    attachments = []
    for path, index in match_attachments(titles, files):
        number = index + 1 if index is not None else len(titles) + len(attachments) + 1
        title = titles[index] if index is not None else path.stem
        if index is None:
            reporter.report("W804", Position(file=str(path)), file=path.name, title=title)
        attachments.append((number, f"fujian-{number}{path.suffix.lower()}", title, path))
    given = {number for number, *_ in attachments}
    for number, title in enumerate(titles, 1):
        if number not in given:
            reporter.report("W803", where, title=title, folder=folder)
    return sorted(attachments)


def _front_matter(meta: dict[str, object], source: Path, found: Official) -> str:
    notes = [f"# 由 gongkai import-doc 从 {source.name} 导入"
             + "".join(f"；{label}：{value}" for label, value in (("发文机关标志", found.mark), ("署名", found.signer))
                       if value) + "。"]
    if meta["published"]:
        notes.append("# published（发布日期）暂按成文日期填写，请改为在网站上发布的日期。")
    missing = [f"{key}（{label}）" for key, label in FIELD_LABELS.items() if meta[key] is None]
    if missing:
        notes.append(f"# 原件中未找到：{'、'.join(missing)}，请对照原件补上。")
    if meta["disclosure"] is None:
        notes.append("# 原件没有公开属性：写上 disclosure（主动公开 / 依申请公开 / 不予公开）之前，这篇文档不能发布。")
    data = {key: value for key, value in meta.items() if value is not None}
    return "---\n" + "\n".join(notes) + "\n" + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                                                           width=1000) + "---\n"


class _Dumper(yaml.SafeDumper):
    """Writes a value given twice (published = written) twice, not as a YAML alias."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _write_folder(folder: Path, text: str, files: dict[str, bytes | Path]) -> None:
    """The document folder, made beside its place and renamed into it, so that a failure leaves nothing."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=folder.parent))
    try:
        for name, data in files.items():
            if isinstance(data, Path):
                shutil.copyfile(data, staging / name)
            else:
                (staging / name).write_bytes(data)
        (staging / "index.md").write_text(text, encoding="utf-8")
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
