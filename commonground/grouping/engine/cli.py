"""The command line: ``commonground group``, ``commonground mdgp`` and ``commonground match``.

``commonground group PEOPLE.csv ...`` and ``commonground mdgp INSTANCE.txt ...`` are here;
``commonground match MENTEES.csv MENTORS.csv ...`` is in cli_match.py.

Exit codes: 0 solved, 2 bad input or infeasible request (the message names the row/field or
the clashing constraints). Round and group numbers in GROUPS.csv start at 1.
"""

from __future__ import annotations

import argparse
import atexit
import csv
import gc
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from commonground.core.exports import write_csv_rows
from commonground.grouping.engine import cli_match
from commonground.grouping.engine.explain import stop_line
from commonground.grouping.engine.problem import (
    GroupingProblem,
    InfeasibleError,
    Intent,
    IntentKind,
    Person,
    ProblemError,
)
from commonground.grouping.engine.solver import kernels_for, solve
from commonground.grouping.engine.warm import cold_notice, warm_up


class InputError(ValueError):
    """A file or option the CLI cannot use; the message says where."""


def _load_kernels(*parts: str) -> None:
    """Load the compiled kernels before the time limit's clock starts; say so when that meant compiling.

    Only the ``parts`` the case uses are loaded (all when none are named): a person waits for
    the whole command, not only the search.
    """
    warm = warm_up(*parts)
    if warm.cold:
        print(f"commonground: {cold_notice(warm)}", file=sys.stderr, flush=True)


def _weights(spec: str | None, kind: IntentKind, option: str) -> list[Intent]:
    out: list[Intent] = []
    if not spec:
        return out
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        name, _, w = part.partition(":")
        try:
            weight = float(w) if w else 1.0
        except ValueError:
            raise InputError(f"{option}: weight {w!r} for {name!r} is not a number") from None
        out.append(Intent(name.strip(), kind, weight))
    return out


def _read_people(path: Path) -> list[Person]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or "id" not in reader.fieldnames:
                raise InputError(f"{path}: the header must have an 'id' column")
            people: list[Person] = []
            seen: set[str] = set()
            for row_no, row in enumerate(reader, start=2):
                pid = (row.get("id") or "").strip()
                if not pid:
                    raise InputError(f"{path}: row {row_no}, field 'id' is empty")
                if pid in seen:
                    raise InputError(f"{path}: row {row_no}, field 'id': {pid!r} appears twice")
                if None in row:
                    raise InputError(f"{path}: row {row_no} has more fields than the header")
                seen.add(pid)
                attrs = {k: (v or "").strip() for k, v in row.items() if k != "id" and k}
                people.append(Person(pid, attrs))
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    if not people:
        raise InputError(f"{path}: no rows")
    return people


def _read_pairs(path: Path, ids: set[str], option: str) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            for row_no, row in enumerate(csv.reader(fh), start=1):
                cells = [c.strip() for c in row if c.strip()]
                if not cells:
                    continue
                if len(cells) != 2:
                    raise InputError(
                        f"{option} {path}: row {row_no} needs two ids, got {len(cells)}"
                    )
                if row_no == 1 and cells[0] not in ids and cells[1] not in ids:
                    continue  # a header line
                for k, c in enumerate(cells):
                    if c not in ids:
                        raise InputError(
                            f"{option} {path}: row {row_no}, field {k + 1}: unknown id {c!r}"
                        )
                pairs.append((cells[0], cells[1]))
    except OSError as exc:
        raise InputError(f"{option} {path}: cannot read ({exc.strerror})") from None
    return pairs


def _group(args: argparse.Namespace) -> int:
    people = _read_people(Path(args.people))
    ids = {p.id for p in people}
    intents = _weights(args.mix, "mix", "--mix") + _weights(args.match, "match", "--match")
    intents += [Intent(a.strip(), "same") for a in (args.same or []) for a in a.split(",") if a]
    columns = set(people[0].attributes)
    for it in intents:
        if it.attribute not in columns:
            raise InputError(f"{args.people}: no column {it.attribute!r} (for --{it.kind})")
    problem = GroupingProblem(
        people=tuple(people),
        intents=tuple(intents),
        n_groups=args.groups,
        group_size=args.size,
        min_size=args.min_size,
        max_size=args.max_size,
        apart=tuple(_read_pairs(Path(args.apart), ids, "--apart")) if args.apart else (),
        together=tuple(_read_pairs(Path(args.together), ids, "--together"))
        if args.together
        else (),
        known=tuple(_read_pairs(Path(args.known), ids, "--known")) if args.known else (),
        rounds=args.rounds,
    )
    _load_kernels(*kernels_for(problem))
    sol = solve(problem, time_limit=args.time_limit, seed=args.seed)
    rows = [
        (people[i].id, r + 1, g + 1)
        for r, row in enumerate(sol.assignment)
        for i, g in enumerate(row)
    ]
    # Ids come from the caller's file: one that a spreadsheet would run as a formula is made inert.
    if args.out:
        with open(args.out, "w", newline="", encoding="utf-8") as fh:
            write_csv_rows(fh, [["id", "round", "group"], *rows])
    else:
        write_csv_rows(sys.stdout, [["id", "round", "group"], *rows])
    report = {
        "objective": sol.objective,
        "sense": sol.sense,
        "bound": sol.bound,
        "gap": sol.gap,
        "worst_group_score": sol.worst_group_score,
        "constraint_check": list(sol.constraint_check),
        "seconds": sol.seconds,
        "stopped": sol.stopped,
        "stopped_because": stop_line(sol.stopped, sol.gap),
        "iterations": sol.iterations,
        "figures": dict(sol.figures),
        "groups": [
            {
                "round": f.round + 1,
                "group": f.group + 1,
                "size": f.size,
                "members": list(f.members),
                "distinct": dict(f.distinct),
                "same_value_pairs": dict(f.same_value_pairs),
                "known_pairs": f.known_pairs,
                "repeat_pairs": f.repeat_pairs,
                "score": f.score,
                "explanation": f.explanation,
            }
            for f in sol.groups
        ],
    }
    if args.report:
        Path(args.report).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for f in sol.groups:
        prefix = f"round {f.round + 1}, " if problem.rounds > 1 else ""
        print(f"{prefix}group {f.group + 1}: {f.explanation}", file=sys.stderr)
    print(
        f"penalty {sol.objective:g} (lower bound {sol.bound:g}, gap {sol.gap:.1%}), "
        f"{len(sol.constraint_check)} hard-constraint breaks, {sol.seconds:.2f} s",
        file=sys.stderr,
    )
    print(stop_line(sol.stopped, sol.gap), file=sys.stderr)
    return 0 if not sol.constraint_check else 1


def _mdgp(args: argparse.Namespace) -> int:
    # Imported here: the group command, which a person waits for, never loads the MDGP solver.
    from commonground.grouping.engine.mdgp import read_instance, solve_mdgp

    try:
        inst = read_instance(args.instance)
    except (OSError, ValueError) as exc:
        raise InputError(f"{args.instance}: {exc}") from None
    _load_kernels()
    res = solve_mdgp(inst, time_limit=args.time_limit, seed=args.seed)
    out = {
        "instance": res.instance,
        "n": res.n,
        "groups": res.groups,
        "value": res.value,
        "seconds": res.seconds,
        "feasible": res.feasible,
        "assignment": list(res.assignment),
    }
    if args.json:
        print(json.dumps(out))
    else:
        print(
            f"{res.instance}: value {res.value:,.2f} in {res.seconds:.2f} s "
            f"(bound {res.bound:,.2f}, gap {res.gap:.2%}, feasible {res.feasible})"
        )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for both subcommands."""
    parser = argparse.ArgumentParser(prog="commonground", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("group", help="group people from a CSV (id column + attributes)")
    g.add_argument("people", metavar="PEOPLE.csv")
    size = g.add_mutually_exclusive_group()
    size.add_argument("--size", type=int, help="target group size K")
    size.add_argument("--groups", type=int, help="number of groups N")
    g.add_argument("--min-size", type=int)
    g.add_argument("--max-size", type=int)
    g.add_argument("--mix", help="spread these attributes, e.g. organisation:3,sector:2")
    g.add_argument("--match", help="keep groups alike on these attributes, e.g. shift:1")
    g.add_argument("--same", action="append", help="never mix values of this attribute (hard)")
    g.add_argument("--apart", help="CSV of id pairs who must not share a group")
    g.add_argument("--together", help="CSV of id pairs who must share a group")
    g.add_argument("--known", help="CSV of id pairs who already know each other (avoid)")
    g.add_argument("--rounds", type=int, default=1, help="plan R rounds, avoiding repeats")
    g.add_argument("--time-limit", type=float, default=10.0)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--out", help="write id,round,group here (default: standard output)")
    g.add_argument("--report", help="write REPORT.json here")
    g.set_defaults(func=_group)
    d = sub.add_parser("mdgp", help="solve one MDGPLIB instance")
    d.add_argument("instance", metavar="INSTANCE.txt")
    d.add_argument("--time-limit", type=float, default=10.0)
    d.add_argument("--seed", type=int, default=1)
    d.add_argument("--json", action="store_true", help="print one JSON object")
    d.set_defaults(func=_mdgp)
    cli_match.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``commonground`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if argv is None:
        # Run as the process's command, which ends when this returns: objects frozen out of
        # the collector's reach are not walked again while the interpreter shuts down (about
        # 0.3 s once Numba has loaded its compiler, a third of a small case's whole wait).
        atexit.register(gc.freeze)
    try:
        code: int = args.func(args)
        return code
    except InfeasibleError as exc:
        print("infeasible: conflicting constraints: " + "; ".join(exc.conflicts), file=sys.stderr)
        return 2
    except (InputError, ProblemError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
