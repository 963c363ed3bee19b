"""``commonground match MENTEES.csv MENTORS.csv``: pair mentees with mentors (see matching.py).

Reads MENTEES.csv (``id`` + attribute columns), MENTORS.csv (``id,capacity`` + attributes), an
optional PREFS.csv (``mentee,mentor,rank``, 1 = first choice) and FORBID.csv (``mentee,mentor``).
Writes ``mentee,mentor`` with one row per mentee in input order (empty mentor when unmatched)
to --out or standard output; --json prints one line of figures (and, without --out, only that).
Exit codes: 0 solved (unmatched mentees are not an error), 2 bad input; the message names the
file, the line (counting the header as line 1) and the reason.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from pathlib import Path
from typing import Any

from commonground.core.exports import write_csv_rows
from commonground.grouping.engine.matching import (
    MAX_RANK,
    MatchingError,
    MatchingProblem,
    Mentee,
    Mentor,
    match,
)

_NUMBER = re.compile(r"[0-9]+", re.ASCII)


class MatchInputError(ValueError):
    """A file or option ``match`` cannot use; the message says where."""


def _rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the (line, cells) of each non-blank data row, cells trimmed."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MatchInputError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise MatchInputError(f"{path}: line {line}: not UTF-8 text") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            cells = [c.strip() for c in cells]
            if not any(cells):
                continue
            if header is None:
                header = cells
                for k, name in enumerate(header):
                    if not name:
                        raise MatchInputError(
                            f"{path}: line {reader.line_num}: column {k + 1} has no name"
                        )
                    if name in header[:k]:
                        raise MatchInputError(
                            f"{path}: line {reader.line_num}: column {name!r} appears twice"
                        )
                continue
            if len(cells) != len(header):
                raise MatchInputError(
                    f"{path}: line {reader.line_num}: {len(cells)} fields, "
                    f"the header has {len(header)}"
                )
            rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise MatchInputError(f"{path}: line {reader.line_num}: {exc}") from None
    if header is None:
        raise MatchInputError(f"{path}: the file is empty")
    return header, rows


def _require(path: Path, header: list[str], names: tuple[str, ...]) -> None:
    for name in names:
        if name not in header:
            raise MatchInputError(f"{path}: header line: no {name!r} column")


def _number(path: Path, line: int, column: str, value: str, *, least: int) -> int:
    if not _NUMBER.fullmatch(value) or (least > 0 and not value.strip("0")):
        kind = "a positive whole number" if least > 0 else "a whole number, 0 or more"
        raise MatchInputError(f"{path}: line {line}, {column!r}: {value!r} is not {kind}")
    if len(value.lstrip("0")) > 12:
        raise MatchInputError(f"{path}: line {line}, {column!r}: {value[:20]}... is too large")
    return int(value)


def _people(path: Path, extra: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    header, rows = _rows(path)
    _require(path, header, ("id", *extra))
    if not rows:
        raise MatchInputError(f"{path}: no data rows under the header")
    seen: dict[str, int] = {}
    people: list[tuple[int, dict[str, str]]] = []
    for line, cells in rows:
        row = dict(zip(header, cells, strict=True))
        pid = row["id"]
        if not pid:
            raise MatchInputError(f"{path}: line {line}, 'id': empty")
        if pid in seen:
            raise MatchInputError(f"{path}: line {line}, 'id': {pid!r} already on line {seen[pid]}")
        seen[pid] = line
        people.append((line, row))
    return people


def read_mentees(path: Path) -> list[Mentee]:
    """MENTEES.csv: an ``id`` column and any attribute columns."""
    rows = _people(path, ())
    return [Mentee(r["id"], {k: v for k, v in r.items() if k != "id"}) for _, r in rows]


def read_mentors(path: Path) -> list[Mentor]:
    """MENTORS.csv: ``id`` and ``capacity`` (a whole number, 0 or more) and attribute columns."""
    out: list[Mentor] = []
    for line, r in _people(path, ("capacity",)):
        capacity = _number(path, line, "capacity", r["capacity"], least=0)
        attrs = {k: v for k, v in r.items() if k not in ("id", "capacity")}
        out.append(Mentor(r["id"], capacity, attrs))
    return out


def _pairs(
    path: Path, columns: tuple[str, ...], mentees: set[str], mentors: set[str]
) -> list[tuple[int, dict[str, str]]]:
    header, rows = _rows(path)
    _require(path, header, columns)
    out: list[tuple[int, dict[str, str]]] = []
    for line, cells in rows:
        row = dict(zip(header, cells, strict=True))
        if row["mentee"] not in mentees:
            raise MatchInputError(f"{path}: line {line}, 'mentee': unknown id {row['mentee']!r}")
        if row["mentor"] not in mentors:
            raise MatchInputError(f"{path}: line {line}, 'mentor': unknown id {row['mentor']!r}")
        out.append((line, row))
    return out


def read_prefs(path: Path, mentees: set[str], mentors: set[str]) -> dict[tuple[str, str], int]:
    """PREFS.csv: ``mentee,mentor,rank``; each pair at most once, ranks from 1."""
    ranks: dict[tuple[str, str], int] = {}
    lines: dict[tuple[str, str], int] = {}
    for line, row in _pairs(path, ("mentee", "mentor", "rank"), mentees, mentors):
        pair = (row["mentee"], row["mentor"])
        if pair in ranks:
            raise MatchInputError(
                f"{path}: line {line}: the pair {pair[0]!r}, {pair[1]!r} is already ranked "
                f"on line {lines[pair]}"
            )
        rank = _number(path, line, "rank", row["rank"], least=1)
        if rank > MAX_RANK:
            raise MatchInputError(f"{path}: line {line}, 'rank': {rank} is above {MAX_RANK:,}")
        ranks[pair], lines[pair] = rank, line
    return ranks


def read_forbid(path: Path, mentees: set[str], mentors: set[str]) -> frozenset[tuple[str, str]]:
    """FORBID.csv: ``mentee,mentor`` pairs never to be made."""
    rows = _pairs(path, ("mentee", "mentor"), mentees, mentors)
    return frozenset((row["mentee"], row["mentor"]) for _, row in rows)


def _run(args: argparse.Namespace) -> int:
    mentees_path, mentors_path = Path(args.mentees), Path(args.mentors)
    mentees = read_mentees(mentees_path)
    mentors = read_mentors(mentors_path)
    apart = tuple(dict.fromkeys(a.strip() for a in args.apart_on or []))
    for attribute in apart:
        for path, people in ((mentees_path, mentees), (mentors_path, mentors)):
            if attribute not in people[0].attributes:
                raise MatchInputError(
                    f"--apart-on {attribute!r}: {path} has no attribute column {attribute!r}"
                )
    mentee_ids, mentor_ids = {x.id for x in mentees}, {x.id for x in mentors}
    problem = MatchingProblem(
        mentees=mentees,
        mentors=mentors,
        ranks=read_prefs(Path(args.prefs), mentee_ids, mentor_ids) if args.prefs else {},
        forbidden=read_forbid(Path(args.forbid), mentee_ids, mentor_ids)
        if args.forbid
        else frozenset(),
        apart_on=apart,
    )
    result = match(problem)
    # Ids come from the caller's files: one a spreadsheet would run as a formula is made inert.
    rows = [["mentee", "mentor"], *([x, y or ""] for x, y in result.pairs)]
    if args.out:
        try:
            with open(args.out, "w", newline="", encoding="utf-8") as fh:
                write_csv_rows(fh, rows)
        except OSError as exc:
            raise MatchInputError(f"{args.out}: cannot write ({exc.strerror})") from None
    elif not args.json:
        write_csv_rows(sys.stdout, rows)
    figures: dict[str, Any] = {
        "matched": result.matched,
        "unmatched": result.unmatched,
        "cost": result.cost,
        "bound": result.bound,
        "optimal": result.optimal,
        "seconds": round(result.seconds, 3),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(
            f"{result.matched} matched, {result.unmatched} unmatched, total rank {result.cost} "
            f"(optimal), {result.seconds:.2f} s",
            file=sys.stderr,
        )
    return 0


def run(args: argparse.Namespace) -> int:
    """The ``match`` subcommand; bad input prints the reason and answers 2."""
    try:
        return _run(args)
    except (MatchInputError, MatchingError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def add_parser(sub: Any) -> None:
    """Register ``match`` on the ``commonground`` subparsers."""
    p = sub.add_parser("match", help="pair mentees with mentors (max matched, then least rank)")
    p.add_argument("mentees", metavar="MENTEES.csv", help="id + attribute columns")
    p.add_argument("mentors", metavar="MENTORS.csv", help="id,capacity + attribute columns")
    p.add_argument("--prefs", metavar="PREFS.csv", help="mentee,mentor,rank (1 = first choice)")
    p.add_argument("--forbid", metavar="FORBID.csv", help="mentee,mentor pairs never made")
    p.add_argument(
        "--apart-on",
        metavar="ATTR",
        action="append",
        help="never pair people whose ATTR values are equal and non-empty (repeatable)",
    )
    p.add_argument(
        "--objective",
        choices=["ranks"],
        default="ranks",
        help="what to minimise once as many mentees as possible are matched (only: ranks)",
    )
    p.add_argument("--out", metavar="OUT.csv", help="write mentee,mentor here (default: stdout)")
    p.add_argument("--json", action="store_true", help="print one JSON line of figures")
    p.set_defaults(func=run)
