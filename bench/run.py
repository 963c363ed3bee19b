"""``make bench``: run every ``bench/bench_*.py`` module and print its rows.

Each module exposes ``run() -> list[dict]``; a row has at least ``bench`` and ``case``. With
``--json`` every row is printed as one JSON object per line; otherwise as a readable table.
``--only NAME`` runs the modules whose name contains NAME (e.g. ``--only grouping``).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        if abs(v) < 10:  # ratios: the fourth decimal is where solvers differ
            return f"{v:.4f}"
        return f"{v:,.3f}" if abs(v) < 100 else f"{v:,.2f}"
    return str(v)


def print_table(rows: list[dict[str, Any]]) -> None:
    """Rows grouped by their keys, each group as an aligned text table."""
    blocks: list[tuple[tuple[str, ...], list[dict[str, Any]]]] = []
    for row in rows:
        keys = tuple(row)
        if blocks and blocks[-1][0] == keys:
            blocks[-1][1].append(row)
        else:
            blocks.append((keys, [row]))
    for keys, block in blocks:
        cells = [[_fmt(r.get(k, "")) for k in keys] for r in block]
        widths = [max(len(k), *(len(c[i]) for c in cells)) for i, k in enumerate(keys)]
        print("  ".join(k.ljust(w) for k, w in zip(keys, widths, strict=True)))
        for c in cells:
            print("  ".join(x.ljust(w) for x, w in zip(c, widths, strict=True)))
        print()


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark modules; exit 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON row per line")
    parser.add_argument("--only", help="run modules whose name contains this")
    args = parser.parse_args(argv)
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem
        if args.only and args.only not in name:
            continue
        module = importlib.import_module(name)
        def emit(row: dict[str, Any]) -> None:
            print(json.dumps(row), flush=True)

        streams = args.json and "emit" in inspect.signature(module.run).parameters
        rows: list[dict[str, Any]] = module.run(emit=emit) if streams else module.run()
        if args.json and not streams:
            for row in rows:
                emit(row)
        if not args.json:
            print(f"== {name} ==")
            print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
