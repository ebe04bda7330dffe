"""Word (.docx) and PDF files → the blocks of a document, in reading order.

A block is one paragraph (or line of a heading), a table or an image, with what the layout says
about it: centered, right-aligned, font size.  `doc_import` reads the 公文 fields from these.
python-docx gives paragraphs with their alignment, runs (bold, italic, size), tables and the images'
bytes; pdfplumber (on pdfminer.six) gives each text line's characters with position and size, and
ruled tables, so that a PDF's wrapped lines can be joined back into paragraphs.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # it warns about harmless quirks of many PDFs

_PAGE_NUMBER = re.compile(r"^[—\-－–]\s*\d+\s*[—\-－–]$|^第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?$")
_PUNCT = re.compile(r"^[\s\W_]+|[\s\W_]+$")  # punctuation and spaces at either end of a run


class NoTextLayer(Exception):
    """A PDF whose pages are images only (a scan)."""


class Unreadable(Exception):
    """A file the library cannot open as the format its name says."""


@dataclass
class Block:
    kind: Literal["text", "table", "image"] = "text"
    text: str = ""               # plain text of a paragraph, one line
    markdown: str | None = None  # inline Markdown when it says more than the text (bold, italic, links)
    centered: bool = False
    right: bool = False
    size: float | None = None    # font size in points, when known
    list_marker: str | None = None          # "-" or "1." for a Word list paragraph
    rows: list[list[str]] = field(default_factory=list)  # a table's cells
    image: tuple[bytes, str] | None = None  # an image's bytes and file extension


def read(path: Path) -> list[Block]:
    suffix = path.suffix.lower()
    return read_docx(path) if suffix == ".docx" else read_pdf(path)


# ---------------------------------------------------------------- .docx

def read_docx(path: Path) -> list[Block]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zipfile, KeyError and lxml errors for a non-.docx
        raise Unreadable(str(exc) or type(exc).__name__) from exc
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = [[_cell_text(cell.text) for cell in row.cells] for row in item.rows]
            blocks.append(Block(kind="table", text=" ".join(c for row in rows for c in row), rows=rows))
        elif isinstance(item, Paragraph):
            blocks += _paragraph_blocks(item, document)
    return blocks


def _cell_text(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text).strip()


def _paragraph_blocks(paragraph, document) -> list[Block]:
    """A paragraph as one block per line (a soft line break splits it), then its images."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.text.hyperlink import Hyperlink

    alignment = paragraph.alignment
    style = paragraph.style
    while alignment is None and style is not None:
        alignment = style.paragraph_format.alignment
        style = style.base_style
    pieces: list[tuple[str, bool, bool, str | None]] = []  # (text, bold, italic, link)
    sizes, images = [], []
    for item in paragraph.iter_inner_content():
        runs = item.runs if isinstance(item, Hyperlink) else [item]
        link = item.address if isinstance(item, Hyperlink) and item.address else None
        for run in runs:
            pieces.append((run.text, bool(run.bold), bool(run.italic), link))
            if run.font.size:
                sizes.append(run.font.size.pt)
            for rel_id in run._r.xpath(".//a:blip/@r:embed"):
                part = document.part.related_parts.get(rel_id)
                if part is not None:
                    images.append(Block(kind="image", image=(part.blob, part.partname.ext.lower())))
    size = max(sizes) if sizes else _style_size(paragraph.style)
    marker = _list_marker(paragraph, document)
    lines = _inline_lines(pieces)
    blocks = [Block(text=text, markdown=markdown if markdown != escape_markdown(text) else None, size=size,
                    centered=alignment == WD_ALIGN_PARAGRAPH.CENTER, right=alignment == WD_ALIGN_PARAGRAPH.RIGHT,
                    list_marker=marker) for text, markdown in lines if text]
    return blocks + images


def _style_size(style) -> float | None:
    while style is not None:
        if style.font.size:
            return style.font.size.pt
        style = style.base_style
    return None


def _inline_lines(pieces: list[tuple[str, bool, bool, str | None]]) -> list[tuple[str, str]]:
    """(plain text, inline Markdown) for each line of a paragraph's runs."""
    lines: list[tuple[str, str]] = [("", "")]
    for text, bold, italic, link in pieces:
        for index, part in enumerate(text.replace("\t", " ").split("\n")):
            if index:
                lines.append(("", ""))
            plain, markdown = lines[-1]
            lines[-1] = (plain + part, markdown + _emphasis(part, bold, italic, link))
    return [(plain.strip(), markdown.strip()) for plain, markdown in lines]


def _emphasis(text: str, bold: bool, italic: bool, link: str | None) -> str:
    """A run as Markdown.  Punctuation at the edges stays outside the markers: CommonMark does not
    close `**` after “”、。 when a CJK character follows, so `**“低保”**对象` would show the stars."""
    inner = _PUNCT.sub("", text)
    if not inner or not (bold or italic or link):
        return escape_markdown(text)
    start = text.index(inner)
    before, after = text[:start], text[start + len(inner):]
    marks = ("**" if bold else "") + ("*" if italic else "")
    core = f"{marks}{escape_markdown(inner)}{marks[::-1]}"
    if link and re.match(r"https?://", link):
        core = f"[{core}]({link})"
    return escape_markdown(before) + core + escape_markdown(after)


def escape_markdown(text: str) -> str:
    """Plain text that Markdown shows as written."""
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


def _list_marker(paragraph, document) -> str | None:
    """"1." for a numbered Word list paragraph, "-" for a bulleted one, None otherwise."""
    num = paragraph._p.xpath("./w:pPr/w:numPr")
    style_name = paragraph.style.name if paragraph.style is not None else ""
    if not num:
        return "-" if style_name.startswith("List Bullet") else "1." if style_name.startswith("List Number") else None
    num_id = num[0].xpath("./w:numId/@w:val")
    level = (num[0].xpath("./w:ilvl/@w:val") or ["0"])[0]
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return "1."
    abstract = numbering.xpath(f'./w:num[@w:numId="{num_id[0] if num_id else ""}"]/w:abstractNumId/@w:val')
    formats = numbering.xpath(f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl[@w:ilvl="{level}"]'
                              "/w:numFmt/@w:val") if abstract else []
    return "-" if formats and formats[0] == "bullet" else "1."


# ---------------------------------------------------------------- PDF

@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int


def read_pdf(path: Path) -> list[Block]:
    import pdfplumber

    items: list[_Line | Block] = []
    width = 0.0
    try:
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages):
                width = float(page.width)
                tables = [(t.bbox, t.extract()) for t in page.find_tables()]
                inside = lambda obj: any(_within(obj, bbox) for bbox, _ in tables)  # noqa: E731
                found = []
                for line in page.filter(lambda obj: not inside(obj)).extract_text_lines(return_chars=True):
                    text = line["text"].strip()
                    if text and not _PAGE_NUMBER.match(text):
                        size = max(round(c["size"], 1) for c in line["chars"])
                        found.append((line["top"], _Line(text, line["x0"], line["x1"], line["top"], line["bottom"],
                                                         size, number)))
                for bbox, rows in tables:
                    cells = [[_cell_text(c or "") for c in row] for row in rows]
                    found.append((bbox[1], Block(kind="table", text=" ".join(c for r in cells for c in r), rows=cells)))
                items += [item for _, item in sorted(found, key=lambda pair: pair[0])]
    except Exception as exc:  # pdfminer raises many kinds for a damaged or encrypted file
        raise Unreadable(str(exc) or type(exc).__name__) from exc
    if not any(isinstance(item, _Line) for item in items):
        raise NoTextLayer
    return _paragraphs(items, width)


def _within(obj: dict, bbox: tuple) -> bool:
    return obj.get("x0", -1) >= bbox[0] - 1 and obj.get("x1", 1e9) <= bbox[2] + 1 \
        and obj.get("top", -1) >= bbox[1] - 1 and obj.get("bottom", 1e9) <= bbox[3] + 1


def _paragraphs(items: list[_Line | Block], width: float) -> list[Block]:
    """Wrapped lines joined into paragraphs, from the layout: a paragraph starts with an indented
    line or after a line that ends short of the right margin; a title's centered lines are joined."""
    lines = [item for item in items if isinstance(item, _Line)]
    body_size = Counter(line.size for line in lines for _ in line.text).most_common(1)[0][0]
    body = [line for line in lines if abs(line.size - body_size) < 0.5] or lines
    left, right = min(line.x0 for line in body), max(line.x1 for line in body)
    middle = (left + right) / 2 if right - left > width / 3 else width / 2
    blocks: list[Block] = []
    previous: _Line | None = None
    for item in items:
        if isinstance(item, Block):
            blocks.append(item)
            previous = None
            continue
        full = item.x0 <= left + item.size / 2 and item.x1 >= right - 1.5 * item.size
        centered = abs((item.x0 + item.x1) / 2 - middle) < item.size and (item.size > body_size + 0.5 or not full)
        flush_right = not centered and item.x1 >= right - item.size and item.x0 > middle
        block = blocks[-1] if blocks and previous is not None else None
        if block is not None and _continues(block, previous, item, centered, flush_right, left, right):
            block.text += (" " if re.search(r"[A-Za-z0-9]$", block.text) and re.match(r"[A-Za-z0-9]", item.text)
                           else "") + item.text
        else:
            blocks.append(Block(text=item.text, centered=centered, right=flush_right, size=item.size))
        previous = item
    return blocks


def _continues(block: Block, previous: _Line, line: _Line, centered: bool, flush_right: bool,
               left: float, right: float) -> bool:
    if abs(line.size - previous.size) >= 0.5 or centered != block.centered or flush_right or block.right:
        return False
    if centered:  # a title wrapped onto the next line, close below
        return line.page == previous.page and line.top - previous.bottom < line.size
    return line.x0 <= left + line.size / 2 and previous.x1 >= right - 1.5 * line.size


def pdf_text(path: Path) -> str | None:
    """The text layer of a PDF, pages separated by blank lines; None when it has none or cannot be read."""
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            text = "\n\n".join(page.extract_text() for page in pdf.pages)
    except Exception:  # pdfminer raises many kinds for a damaged or encrypted file
        return None
    return text if text.strip() else None
