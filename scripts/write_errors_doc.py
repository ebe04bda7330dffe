"""Regenerate docs/ERRORS.md from generator.diagnostics.MESSAGES (run after adding a code)."""

from pathlib import Path

from generator.diagnostics import MESSAGES

GROUPS = {"1": "platform.yaml、theme.yaml（平台配置与主题）", "2": "catalogs/（标准目录）", "3": "content/（公开文件）",
          "4": "交叉引用", "5": "模板", "6": "输出", "7": "工作台账（gongkai check）",
          "8": "导入公文（gongkai import-doc）", "9": "data/（数据表）"}
# ranges inside a group that belong to one kind of content: their own heading
KIND_RANGES = {"71": "gazette/（政府公报）", "72": "gazette/（政府公报）",
               "73": "政民互动（platform.yaml 的 interaction、留言表、常见问题）",
               "74": "政民互动（platform.yaml 的 interaction、留言表、常见问题）",
               "75": "意见征集（consultation、feedback_to）", "76": "意见征集（consultation、feedback_to）",
               "76": "规章和规范性文件库的一网通查（platform.yaml 的 library.federation、下级平台的 library.json）",
               "77": "依申请公开和年度报告（data/<单位>/ 的台账、案例库和年报数据）",
               "78": "依申请公开和年度报告（data/<单位>/ 的台账、案例库和年报数据）",
               "79": "政府网站工作年度报表和检查指标自查（data/site-report/、gongkai check）"}


def group(code: str) -> tuple[str, str]:
    """The heading a code is listed under: its kind's when its range is one kind's, else its first digit's."""
    kind = KIND_RANGES.get(code[1:3])
    if kind is None:
        return f"{code[:2]}xx", GROUPS[code[1]]
    ranges = sorted(r for r, k in KIND_RANGES.items() if k == kind)
    return f"{code[0]}{ranges[0]}x–{code[0]}{ranges[-1]}x" if len(ranges) > 1 else f"{code[:3]}x", kind


def cell(text: str | None) -> str:
    return (text or "—").replace("|", "\\|").replace("{{", "{").replace("}}", "}")


def main() -> None:
    lines = ["# 错误码", "",
             "每条诊断都有稳定的英文编号：E 为错误（构建失败，已发布的网站不变），W 为警告（`--strict` 时按失败处理）。",
             "消息和提示的原文定义在 `generator/diagnostics.py` 的 `MESSAGES` 中，`{…}` 处填入具体的值。"]
    current = None
    for code, (message, hint) in sorted(MESSAGES.items(), key=lambda item: (item[0][0] == "W", item[0])):
        if group(code) != current:
            current = group(code)
            lines += ["", f"## {current[0]} — {current[1]}", "", "| 编号 | 消息 | 提示 |", "|---|---|---|"]
        lines.append(f"| {code} | {cell(message)} | {cell(hint)} |")
    Path(__file__).resolve().parent.parent.joinpath("docs", "ERRORS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
