"""What a person waits for: the grouping command end to end, as a subprocess.

Stop at the proof: 5,000 people in 10 places and 20,000 in 20 places, sets of 10, mixing team,
organisation, sector and profession with keep-apart pairs (the realistic generator of
``bench_grouping``), through ``commonground group``: wall seconds and the child's peak
memory (its own rusage), penalty, bound, gap and why it stopped, each beside its target.

Start-up: the bare ``python -c 'import numpy, numba'`` and the 400-person command, measured in
turns in this one process, several times each; the medians and their difference beside the
0.5 s target. BENCH_WAIT_REPEATS sets the repetitions (default 7).
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_grouping import programme  # noqa: E402

Row = dict[str, Any]
COLUMNS = ("place", "organisation", "team", "sector", "profession")
REPEATS = int(os.environ.get("BENCH_WAIT_REPEATS", "7"))


def _write_case(folder: Path, n_places: int, per_place: int, seed: int) -> dict[str, Path]:
    """The generated programme as the command's files: people, keep-apart and known pairs."""
    problem = programme(n_places, per_place, seed)
    files = {name: folder / f"{name}.csv" for name in ("people", "apart", "known")}
    with files["people"].open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["id", *COLUMNS])
        for p in problem.people:
            out.writerow([p.id, *(p.attributes[c] for c in COLUMNS)])
    for name, pairs in (("apart", problem.apart), ("known", problem.known)):
        with files[name].open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(pairs)
    return files


def _run(args: list[str], folder: Path) -> tuple[float, float, int]:
    """Wall seconds, the child's own peak resident memory (MiB) and its exit code."""
    with (folder / "stdout").open("wb") as out, (folder / "stderr").open("wb") as err:
        started = time.perf_counter()
        child = subprocess.Popen(args, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, child.returncode  # ru_maxrss is in KiB on Linux


def _command(files: dict[str, Path], folder: Path, extra: list[str]) -> list[str]:
    return [
        sys.executable, "-m", "commonground.grouping.engine.cli", "group", str(files["people"]),
        "--same", "place", "--apart", str(files["apart"]),
        "--out", str(folder / "groups.csv"), "--report", str(folder / "report.json"), *extra,
    ]  # fmt: skip


def bench_stop_at_proof() -> list[Row]:
    """The two large cases of issue 23: time to the proven optimum and peak memory."""
    rows: list[Row] = []
    mix = "team:5,organisation:3,sector:2,profession:1"
    cases = (
        ("5,000 people, 10 places, sets of 10", 10, 500, 11, 60.0, 10.0, None),
        ("20,000 people, 20 places, sets of 10", 20, 1000, 17, 120.0, 60.0, 2048.0),
    )
    for case, places, per_place, seed, limit, wall_target, mem_target in cases:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            files = _write_case(folder, places, per_place, seed)
            args = _command(files, folder, ["--mix", mix, "--size", "10"])
            wall, peak, code = _run([*args, "--time-limit", str(limit)], folder)
            report = json.loads((folder / "report.json").read_text()) if code in (0, 1) else {}
        row: Row = {
            "bench": "stop at proof",
            "case": case,
            "limit_s": limit,
            "wall_s": round(wall, 2),
            "target_wall_s": f"< {wall_target:g}",
            "peak_MiB": round(peak, 1),
            "target_MiB": f"< {mem_target:g}" if mem_target else "",
            "penalty": report.get("objective"),
            "bound": report.get("bound"),
            "gap": report.get("gap"),
            "stopped": report.get("stopped", f"exit {code}"),
            "met": bool(report)
            and wall < wall_target
            and (mem_target is None or peak < mem_target),
        }
        rows.append(row)
    return rows


def bench_start_up() -> list[Row]:
    """Bare numpy + numba import against the whole 400-person command, in turns, medians."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = _write_case(folder, 4, 100, 7)
        command = _command(
            files,
            folder,
            ["--mix", "team:20,organisation:10,sector:2,profession:1", "--min-size", "8",
             "--max-size", "10", "--known", str(files["known"]), "--time-limit", "5"],
        )  # fmt: skip
        bare_args = [sys.executable, "-c", "import numpy, numba"]
        _run(command, folder)  # the first run after a change may fill caches; not counted
        bare: list[float] = []
        whole: list[float] = []
        for _ in range(REPEATS):
            bare.append(_run(bare_args, folder)[0])
            wall, _, code = _run(command, folder)
            if code != 0:
                raise RuntimeError((folder / "stderr").read_text())
            whole.append(wall)
        report = json.loads((folder / "report.json").read_text())
    bare_s, whole_s = statistics.median(bare), statistics.median(whole)
    return [
        {
            "bench": "start-up",
            "case": "400 people, 4 places, sets of 8-10: whole command",
            "repeats": REPEATS,
            "bare_import_s": round(bare_s, 3),
            "command_s": round(whole_s, 3),
            "difference_s": round(whole_s - bare_s, 3),
            "target_s": "<= 0.5",
            "search_s": round(report["seconds"], 3),
            "gap": report["gap"],
            "met": whole_s - bare_s <= 0.5,
        }
    ]


def run() -> list[Row]:
    """Both parts, one after the other."""
    return bench_start_up() + bench_stop_at_proof()


if __name__ == "__main__":
    for row in run():
        print(json.dumps(row))
