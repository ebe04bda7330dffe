"""Regenerate docs/ERRORS.md from generator.diagnostics.MESSAGES (run after adding a code)."""

from pathlib import Path

from generator.diagnostics import MESSAGES

GROUPS = {"1": "platform.yaml、theme.yaml（平台配置与主题）", "2": "catalogs/（标准目录）", "3": "content/（公开文件）",
          "4": "交叉引用", "5": "模板", "6": "输出", "7": "工作台账（gongkai check）",
          "8": "导入公文（gongkai import-doc）", "9": "data/（数据表）"}
OWN = "依申请公开和年度报告（data/<单位>/ 的台账、案例库和年报数据）"


def cell(text: str | None) -> str:
    return (text or "—").replace("|", "\\|").replace("{{", "{").replace("}}", "}")


def main() -> None:
    lines = ["# 错误码", "",
             "每条诊断都有稳定的英文编号：E 为错误（构建失败，已发布的网站不变），W 为警告（`--strict` 时按失败处理）。",
             "消息和提示的原文定义在 `generator/diagnostics.py` 的 `MESSAGES` 中，`{…}` 处填入具体的值。"]
    current = None
    for code, (message, hint) in MESSAGES.items():
        own = code[1:3] in ("77", "78")  # the 依申请公开 kind's range within 7xx
        if (code[:2], own) != current:
            current = (code[:2], own)
            title = f"{code[0]}77x–{code[0]}78x — {OWN}" if own else f"{code[:2]}xx — {GROUPS[code[1]]}"
            lines += ["", f"## {title}", "", "| 编号 | 消息 | 提示 |", "|---|---|---|"]
        lines.append(f"| {code} | {cell(message)} | {cell(hint)} |")
    Path(__file__).resolve().parent.parent.joinpath("docs", "ERRORS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
