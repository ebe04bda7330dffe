"""Regenerate docs/ERRORS.md from generator.diagnostics.MESSAGES (run after adding a code)."""

from pathlib import Path

from generator.diagnostics import MESSAGES

GROUPS = {"1": "platform.yaml、theme.yaml（平台配置与主题）", "2": "catalogs/（标准目录）", "3": "content/（公开文件）",
          "4": "交叉引用", "5": "模板", "6": "输出", "7": "工作台账（gongkai check）",
          "8": "导入公文（gongkai import-doc）", "9": "data/（数据表）"}
# ranges given to a kind of content inside a group: (second and third character of the code) -> heading
RANGES = {"73": "政民互动（platform.yaml 的 interaction、留言表、常见问题）", "74": "政民互动（platform.yaml 的 interaction、留言表、常见问题）"}


def heading(code: str) -> str:
    if code[1:3] in RANGES:
        return f"{code[0]}730–{code[0]}749 — {RANGES[code[1:3]]}"
    return f"{code[:2]}xx — {GROUPS[code[1]]}"


def cell(text: str | None) -> str:
    return (text or "—").replace("|", "\\|").replace("{{", "{").replace("}}", "}")


def main() -> None:
    lines = ["# 错误码", "",
             "每条诊断都有稳定的英文编号：E 为错误（构建失败，已发布的网站不变），W 为警告（`--strict` 时按失败处理）。",
             "消息和提示的原文定义在 `generator/diagnostics.py` 的 `MESSAGES` 中，`{…}` 处填入具体的值。"]
    current = None
    for code, (message, hint) in MESSAGES.items():
        if heading(code) != current:
            current = heading(code)
            lines += ["", f"## {current}", "", "| 编号 | 消息 | 提示 |", "|---|---|---|"]
        lines.append(f"| {code} | {cell(message)} | {cell(hint)} |")
    Path(__file__).resolve().parent.parent.joinpath("docs", "ERRORS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
