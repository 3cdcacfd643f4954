"""`nianbao` command line: `nianbao check FILE ...` (report checker). Other subcommands go
through `manage.py`."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        print("用法：nianbao check FILE [--json] [--framework EDITION] [--data TABLES.json]")
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command == "check":
        from nianbao.checker.cli import main as check_main

        return check_main(rest)
    print(f"未知命令：{command}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
