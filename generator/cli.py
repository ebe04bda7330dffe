"""`gongkai` command line: build, serve, check, new.  Exit codes: 0 ok, 1 content errors, 2 usage/config."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import EXIT_CONFIG, EXIT_OK, build
from .diagnostics import format_json, format_text, summary_line
from .ledger import format_ledger


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_CONFIG
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gongkai", description="政务公开集约化平台静态站点生成器")
    commands = parser.add_subparsers(dest="command", metavar="命令")

    p = commands.add_parser("build", help="构建全部站点")
    p.add_argument("project", nargs="?", default=".", type=Path, help="内容仓库目录（默认当前目录）")
    p.add_argument("--out", type=Path, help="输出目录（默认 PROJECT/public）")
    p.add_argument("--strict", action="store_true", help="有警告也按失败处理")
    p.set_defaults(run=_build)

    p = commands.add_parser("check", help="只检查，不写输出")
    p.add_argument("project", nargs="?", default=".", type=Path)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--strict", action="store_true", help="有警告也按失败处理")
    p.set_defaults(run=_check)

    p = commands.add_parser("serve", help="本地预览：修改后自动重建并刷新浏览器")
    p.add_argument("project", nargs="?", default=".", type=Path)
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--out", type=Path, help="预览输出目录（默认 PROJECT/.gongkai/preview）")
    p.set_defaults(run=_serve)

    p = commands.add_parser("new", help="新建一个内容仓库")
    p.add_argument("directory", type=Path)
    p.set_defaults(run=_new)
    return parser


def _build(args: argparse.Namespace) -> int:
    if not (args.project / "platform.yaml").is_file() and not args.project.is_dir():
        print(f"gongkai: 目录不存在：{args.project}", file=sys.stderr)
        return EXIT_CONFIG
    result = build(args.project, out=args.out, strict=args.strict)
    _print_diagnostics(result.diagnostics, args.project)
    if result.exit_code == EXIT_OK:
        out = (args.out or args.project / "public")
        total = sum(result.pages.values())
        per_site = "，".join(f"{site} {count} 页" for site, count in result.pages.items())
        print(f"构建完成：{len(result.pages)} 个站点，共 {total} 页（{per_site}），"
              f"发布文档 {result.platform.published_documents} 篇，用时 {result.seconds:.1f} 秒 → {out}")
    else:
        print(f"构建失败：{summary_line(result.diagnostics)}。已发布的网站保持不变。", file=sys.stderr)
    return result.exit_code


def _check(args: argparse.Namespace) -> int:
    result = build(args.project, strict=args.strict, write=False, ledger=True)
    if args.format == "json":
        print(format_json(result.diagnostics, [row.model_dump(mode="json") for row in result.ledger]))
    else:
        _print_diagnostics(result.diagnostics, args.project)
        if result.ledger:
            print(format_ledger(result.ledger, result.today))
        print(f"\n检查完成：{summary_line(result.diagnostics)}")
    return result.exit_code


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(args.project, port=args.port, out=args.out)


def _new(args: argparse.Namespace) -> int:
    from .scaffold import create_project

    try:
        create_project(args.directory)
    except FileExistsError:
        print(f"gongkai: {args.directory} 已存在且不是空目录", file=sys.stderr)
        return EXIT_CONFIG
    print(f"已创建 {args.directory}。下一步：cd {args.directory} && gongkai serve")
    return EXIT_OK


def _print_diagnostics(diagnostics, project: Path) -> None:
    if diagnostics:
        print(format_text(diagnostics, project.resolve()), file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
