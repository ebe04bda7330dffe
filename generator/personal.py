"""Personal data in documents: resident ID numbers, mobile numbers and bank card numbers.

Found by pattern plus checksum (the GB 11643 check digit for ID numbers, Luhn for bank cards), so
ordinary numbers (索引号, 文号, amounts, landlines) are not flagged.  A document that must publish
such data (e.g. a 公示 naming people) declares it, and the values are then published masked.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

KINDS = {"id_card": "身份证号", "mobile": "手机号", "bank_card": "银行卡号"}
TEXT_SUFFIXES = {".txt", ".csv", ".tsv", ".md", ".json", ".xml", ".html", ".htm"}
OFFICE_SUFFIXES = {".docx", ".xlsx", ".pptx"}
# attachment formats that may hold personal data a person must check when no text can be read from
# them (a PDF is read through its text layer; a scanned one has none)
UNSCANNABLE = {".pdf", ".doc", ".xls", ".ppt", ".wps", ".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".zip", ".rar"}

_ID = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![0-9A-Za-z])")
_CARD = re.compile(r"(?<![0-9A-Za-z])\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?(?![0-9A-Za-z])")
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
# every match of the three holds three digits, a digit, space or hyphen, and three digits: a text
# without them (most documents) is not scanned three times
_MAYBE = re.compile(r"\d\d\d[- \d]\d\d\d")


@dataclass(frozen=True)
class Finding:
    kind: str   # a key of KINDS
    value: str  # as written
    line: int   # 1-based, in the scanned text
    column: int

    @property
    def masked(self) -> str:
        return mask(self.kind, self.value)


def id_check_digit_ok(number: str) -> bool:
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return "10X98765432"[total % 11] == number[17].upper()


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def scan(text: str) -> list[Finding]:
    """Every ID number (valid check digit), mobile number and bank card number (Luhn) in `text`."""
    if not _MAYBE.search(text):
        return []
    findings: list[tuple[int, str, str]] = []
    taken: list[range] = []
    for match in _ID.finditer(text):
        if id_check_digit_ok(match.group()):
            findings.append((match.start(), "id_card", match.group()))
            taken.append(range(match.start(), match.end()))
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 16 <= len(digits) <= 19 and luhn_ok(digits) and not _overlaps(match, taken):
            findings.append((match.start(), "bank_card", match.group()))
            taken.append(range(match.start(), match.end()))
    for match in _MOBILE.finditer(text):
        if not _overlaps(match, taken):
            findings.append((match.start(), "mobile", match.group()))
    result = []
    for offset, kind, value in sorted(findings):
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        result.append(Finding(kind=kind, value=value, line=line, column=column))
    return result


def _overlaps(match: re.Match[str], taken: list[range]) -> bool:
    return any(match.start() < r.stop and r.start < match.end() for r in taken)


def mask(kind: str, value: str) -> str:
    """Publishable form: ID 5201**********123X, mobile 138****5678, card 6222 **** **** 1234."""
    digits = re.sub(r"[^0-9Xx]", "", value)
    if kind == "id_card":
        return digits[:4] + "*" * 10 + digits[-4:]
    if kind == "mobile":
        digits = digits[-11:]
        return digits[:3] + "****" + digits[-4:]
    return digits[:4] + " **** **** " + digits[-4:]


def mask_personal(kind: str, value: str) -> str:
    """A records field declared `personal` (SPEC §2.4) as published: name 张* / 张*明 / 欧**娜,
    id_number 6 + ******** + 4, phone 3 + **** + 4, bank_card 4 + **** + 4.  A value too short to keep
    both ends with something hidden between is masked whole."""
    value = re.sub(r"\s+", "", value)
    if kind == "name":
        if len(value) < 2:
            return "*" * len(value)
        return value[0] + ("*" if len(value) < 4 else "**") + (value[-1] if len(value) > 2 else "")
    if kind == "phone":
        digits = re.sub(r"\D", "", value)
        value = digits[-11:] if len(digits) == 13 and digits.startswith("86") else digits or value
    elif kind == "bank_card":
        value = re.sub(r"\D", "", value) or value
    elif kind == "id_number":
        value = value.upper()
    head, stars, tail = _SHOWN[kind]
    return value[:head] + stars + value[-tail:] if len(value) > head + tail else "*" * len(value)


_SHOWN = {"id_number": (6, "********", 4), "phone": (3, "****", 4), "bank_card": (4, "****", 4)}


def mask_text(text: str, kinds: set[str], markdown: bool = False) -> str:
    """`text` with every finding of the allowed kinds replaced by its masked form (in `markdown`, its
    asterisks escaped: they hide characters, they do not emphasize)."""
    for finding in sorted(scan(text), key=lambda f: -len(f.value)):
        if finding.kind in kinds:
            text = text.replace(finding.value, finding.masked.replace("*", "\\*") if markdown else finding.masked)
    return text


def mask_file(path: Path, kinds: set[str]) -> bytes | None:
    """An attachment's bytes with allowed personal data masked: text files, and the XML parts of
    .docx/.xlsx/.pptx.  None when nothing needs masking (the file is copied as it is).  A PDF cannot
    be masked: personal data found in one stops the build even where it is allowed (E321)."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        text = path.read_text(encoding="utf-8", errors="replace")
        masked = mask_text(text, kinds)
        return masked.encode("utf-8") if masked != text else None
    if suffix in OFFICE_SUFFIXES:
        out, changed = io.BytesIO(), False
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename.endswith(".xml"):
                    masked = mask_text(data.decode("utf-8", "replace"), kinds).encode("utf-8")
                    changed |= masked != data
                    data = masked
                target.writestr(info, data)
        return out.getvalue() if changed else None
    return None


def file_text(path: Path) -> str | None:
    """The text of an attachment that can hold personal data (plain text, the XML text of an Office
    file, a PDF's text layer); None for what cannot be scanned (a scanned PDF, images, legacy .doc …)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from .doc_readers import pdf_text

        return pdf_text(path)
    try:
        if suffix in TEXT_SUFFIXES:
            return path.read_text(encoding="utf-8", errors="replace")
        if suffix in OFFICE_SUFFIXES:
            with zipfile.ZipFile(path) as archive:
                parts = [n for n in archive.namelist() if n.endswith(".xml")]
                return "\n".join(re.sub(r"<[^>]+>", " ", archive.read(n).decode("utf-8", "replace")) for n in parts)
    except (OSError, zipfile.BadZipFile):
        return None
    return None
