"""公开时限: the catalog's time-limit text, parsed into a rule the ledger can compute with."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

Trigger = Literal["formed_or_changed", "obtained", "related_published", "annual", "realtime", "standing"]

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(text: str) -> int:
    """'20', '二十', '十五', '七', '一百零三', '一千二百' -> int."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        else:
            total += (digit or 1) * {"十": 10, "百": 100, "千": 1000}[char]
            digit = 0
    return total + digit


_NUM = r"([0-9]+|[一二两三四五六七八九十百千零]+)"
_PATTERNS: list[tuple[re.Pattern[str], Trigger]] = [
    (re.compile(rf"(?:信息)?(?:形成|制作|产生)(?:或者?|或)?(?:变更)?之日起{_NUM}个?工作日内?"), "formed_or_changed"),
    (re.compile(rf"(?:制定|获取|收到)(?:或者?|或)?(?:获取|制定)?(?:信息)?之日起{_NUM}个?工作日内?"), "obtained"),
    (re.compile(rf"(?:关联|相关)(?:规范性)?文件(?:公开|发布|印发)后?{_NUM}个?工作日内?"), "related_published"),
]
_PUBLICITY = re.compile(rf"公示(?:期)?(?:不少于)?{_NUM}个?工作日")
_ANNUAL = re.compile(rf"每年{_NUM}月{_NUM}日(?:前|之前|以前)")
_REALTIME = re.compile(r"^(实时|即时|及时)(公开|更新|发布)?$")
_STANDING = re.compile(r"^(长期|永久|常年)(公开|有效)?$")


class TimeLimit(BaseModel, frozen=True):
    """The text as written plus what it means."""

    text: str
    trigger: Trigger
    working_days: int | None = None   # deadline in working days after the trigger
    publicity_days: int | None = None  # 公示期, working days
    month: int | None = None           # annual deadline
    day: int | None = None

    @property
    def summary(self) -> str:
        """Short form for tables: 形成后20个工作日, 每年1月31日前, 实时 …"""
        days = f"{self.working_days}个工作日"
        return {"formed_or_changed": f"形成后{days}", "obtained": f"获取后{days}", "related_published": f"文件公开后{days}",
                "annual": f"每年{self.month}月{self.day}日前", "realtime": "实时", "standing": "长期"}[self.trigger]


def parse_time_limit(text: str) -> TimeLimit | None:
    """The rule a 公开时限 text states, or None when the text says nothing computable."""
    cleaned = re.sub(r"\s+", "", text)
    publicity = _PUBLICITY.search(cleaned)
    publicity_days = cn_number(publicity.group(1)) if publicity else None
    for pattern, trigger in _PATTERNS:
        found = pattern.search(cleaned)
        if found:
            return TimeLimit(text=text, trigger=trigger, working_days=cn_number(found.group(1)),
                             publicity_days=publicity_days)
    annual = _ANNUAL.search(cleaned)
    if annual:
        month, day = cn_number(annual.group(1)), cn_number(annual.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            return TimeLimit(text=text, trigger="annual", month=month, day=day)
        return None
    if _REALTIME.match(cleaned):
        return TimeLimit(text=text, trigger="realtime", working_days=0)
    if _STANDING.match(cleaned):
        return TimeLimit(text=text, trigger="standing")
    return None
