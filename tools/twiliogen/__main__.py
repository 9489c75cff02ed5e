"""``python -m tools.twiliogen [--spec-dir DIR] [--out-root DIR] [--check]``."""

from __future__ import annotations

import argparse
import os
import sys

from . import TARGETS, default_spec_dir, generate, generate_target


def main(argv: list[str] | None = None) -> int:
    repo_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser = argparse.ArgumentParser(prog="python -m tools.twiliogen", description=__doc__)
    parser.add_argument("--spec-dir", default=default_spec_dir(repo_root), help="folder of twilio_*.json")
    parser.add_argument("--out-root", default=repo_root, help="repository root to write plugins/ under")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if any output is out of date")
    args = parser.parse_args(argv)
    if not os.path.isdir(args.spec_dir):
        print(f"twiliogen: spec folder {args.spec_dir} not found (set --spec-dir or $TWILIO_OAI_DIR)", file=sys.stderr)
        return 2
    if args.check:
        stale = []
        for target in TARGETS:
            path = os.path.join(args.out_root, target.output)
            current = open(path, encoding="utf-8").read() if os.path.exists(path) else None
            if current != generate_target(target, args.spec_dir):
                stale.append(target.output)
        for name in stale:
            print(f"out of date: {name}")
        return 1 if stale else 0
    for name, text in generate(args.spec_dir, args.out_root).items():
        print(f"{name}: {text.count(chr(10))} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
