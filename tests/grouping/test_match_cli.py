"""``commonground match``: files in, mentee,mentor out; bad input exits 2 naming file, line, reason."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from commonground.grouping.engine.cli import main

MENTEES = "id,organisation,place\na,Trust,North\nb,Council,South\nc,Trust,\nd,,North\n"
MENTORS = "id,capacity,organisation\nM1,1,Trust\nM2,2,Council\nM3,1,Charity\n"
PREFS = "mentee,mentor,rank\na,M1,1\na,M2,2\nb,M2,1\nc,M3,1\nd,M3,2\n"


def _write(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def _files(tmp_path: Path, **overrides: str | bytes) -> dict[str, str]:
    texts: dict[str, str | bytes] = {"mentees": MENTEES, "mentors": MENTORS, "prefs": PREFS}
    texts.update(overrides)
    return {k: _write(tmp_path, f"{k}.csv", v) for k, v in texts.items()}


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_it_writes_one_row_per_mentee_in_input_order_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = _files(tmp_path)
    code = main(
        ["match", f["mentees"], f["mentors"], "--prefs", f["prefs"], "--apart-on", "organisation"]
    )
    out = capsys.readouterr()
    assert code == 0
    # a and c may not have M1 (same trust), b may not have M2 (same council). Unranked pairs
    # cost 3. a-M2 (2) + b-M1 (3) + c-M3 (1) + d-M2 (3) = 9; every other way costs more.
    assert _rows(out.out) == [
        ["mentee", "mentor"], ["a", "M2"], ["b", "M1"], ["c", "M3"], ["d", "M2"]
    ]
    assert "4 matched, 0 unmatched, total rank 9" in out.err


def test_json_alone_prints_only_the_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = _files(tmp_path)
    code = main(["match", f["mentees"], f["mentors"], "--prefs", f["prefs"], "--json"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert len(out) == 1
    figures = json.loads(out[0])
    assert list(figures) == ["matched", "unmatched", "cost", "bound", "optimal", "seconds"]
    assert figures["matched"] == 4 and figures["unmatched"] == 0
    # a-M1 (1), b-M2 (1), c-M3 (1), d-M2 (unranked: 3).
    assert figures["cost"] == figures["bound"] == 6
    assert figures["optimal"] is True
    assert isinstance(figures["seconds"], float)


def test_out_writes_the_file_and_lists_unmatched_mentees_with_an_empty_mentor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = _files(tmp_path, mentors="id,capacity,organisation\nM1,1,Charity\n")
    out_path = tmp_path / "out.csv"
    code = main(["match", f["mentees"], f["mentors"], "--out", str(out_path), "--json"])
    assert code == 0
    rows = _rows(out_path.read_text(encoding="utf-8"))
    assert rows[0] == ["mentee", "mentor"]
    assert [r[0] for r in rows[1:]] == ["a", "b", "c", "d"]
    assert sorted(r[1] for r in rows[1:]) == ["", "", "", "M1"]
    assert json.loads(capsys.readouterr().out) | {"seconds": 0} == {
        "matched": 1, "unmatched": 3, "cost": 1, "bound": 1, "optimal": True, "seconds": 0
    }


def test_forbid_and_apart_on_are_never_broken(tmp_path: Path) -> None:
    f = _files(tmp_path)
    forbid = _write(tmp_path, "forbid.csv", "mentee,mentor\nb,M2\nc,M3\n")
    out_path = tmp_path / "out.csv"
    args = ["match", f["mentees"], f["mentors"], "--prefs", f["prefs"], "--forbid", forbid]
    code = main([*args, "--apart-on", "organisation", "--out", str(out_path)])
    assert code == 0
    pairs = dict(_rows(out_path.read_text(encoding="utf-8"))[1:])
    assert pairs["b"] != "M2" and pairs["c"] != "M3"
    assert pairs["a"] != "M1" and pairs["c"] != "M1"
    # c (Trust) is left only M2; b (Council) only M1 or M3; a only M2 or M3: all four matched.
    assert pairs["c"] == "M2" and "" not in pairs.values()


def test_an_id_a_spreadsheet_would_run_is_made_inert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = _files(tmp_path, mentees="id\n=cmd\n", mentors="id,capacity\nM1,1\n")
    assert main(["match", f["mentees"], f["mentors"]]) == 0
    assert _rows(capsys.readouterr().out)[1] == ["'=cmd", "M1"]


def test_the_console_script_runs(tmp_path: Path) -> None:
    f = _files(tmp_path)
    script = Path(sys.executable).with_name("commonground")
    done = subprocess.run(
        [str(script), "match", f["mentees"], f["mentors"], "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["matched"] == 4


BAD_CASES = [
    ("mentees", "name,organisation\na,x\n", "mentees.csv: header line: no 'id' column"),
    ("mentees", "id\na\nb\na\n", "mentees.csv: line 4, 'id': 'a' already on line 2"),
    ("mentees", "id,org\na,x\nb\n", "mentees.csv: line 3: 1 fields, the header has 2"),
    ("mentees", "id,org\na,x,y\n", "mentees.csv: line 2: 3 fields, the header has 2"),
    ("mentees", "", "mentees.csv: the file is empty"),
    ("mentees", "id\n", "mentees.csv: no data rows under the header"),
    ("mentees", b"id\na\n\xff\n", "mentees.csv: line 3: not UTF-8 text"),
    ("mentors", "id,organisation\nM1,x\n", "mentors.csv: header line: no 'capacity' column"),
    ("mentors", "id,capacity\nM1,\n", "mentors.csv: line 2, 'capacity': '' is not a whole number"),
    ("mentors", "id,capacity\nM1,two\n", "mentors.csv: line 2, 'capacity': 'two' is not"),
    ("mentors", "id,capacity\nM1,-1\n", "mentors.csv: line 2, 'capacity': '-1' is not"),
    ("mentors", "id,capacity\nM1,1.5\n", "mentors.csv: line 2, 'capacity': '1.5' is not"),
    ("mentors", "id,capacity\nM1,\u0663\n", "mentors.csv: line 2, 'capacity'"),
    ("prefs", "mentee,mentor,rank\na,M1,0\n", "prefs.csv: line 2, 'rank': '0' is not a positive"),
    ("prefs", "mentee,mentor,rank\na,M1,x\n", "prefs.csv: line 2, 'rank': 'x' is not a positive"),
    ("prefs", "mentee,mentor,rank\na,M1,-2\n", "prefs.csv: line 2, 'rank': '-2' is not"),
    ("prefs", "mentee,mentor,rank\na,M1,1\nzz,M1,1\n", "prefs.csv: line 3, 'mentee': unknown id"),
    ("prefs", "mentee,mentor,rank\na,M9,1\n", "prefs.csv: line 2, 'mentor': unknown id 'M9'"),
    ("prefs", "mentee,mentor,rank\na,M1,1\na,M1,2\n", "prefs.csv: line 3: the pair 'a', 'M1'"),
    ("prefs", "mentee,mentor\na,M1\n", "prefs.csv: header line: no 'rank' column"),
    ("prefs", "", "prefs.csv: the file is empty"),
]


@pytest.mark.parametrize(("which", "text", "message"), BAD_CASES)
def test_bad_input_exits_2_naming_file_line_and_reason(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    which: str,
    text: str | bytes,
    message: str,
) -> None:
    f = _files(tmp_path, **{which: text})
    code = main(["match", f["mentees"], f["mentors"], "--prefs", f["prefs"]])
    out = capsys.readouterr()
    assert code == 2
    assert out.out == ""
    assert message in out.err


def test_an_unknown_id_in_forbid_names_the_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = _files(tmp_path)
    forbid = _write(tmp_path, "forbid.csv", "mentee,mentor\na,M1\nq,M1\n")
    assert main(["match", f["mentees"], f["mentors"], "--forbid", forbid]) == 2
    assert "forbid.csv: line 3, 'mentee': unknown id 'q'" in capsys.readouterr().err


def test_a_missing_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = _files(tmp_path)
    assert main(["match", str(tmp_path / "none.csv"), f["mentors"]]) == 2
    assert "none.csv: cannot read (No such file or directory)" in capsys.readouterr().err


def test_apart_on_a_column_missing_from_either_file_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = _files(tmp_path)
    # "place" is a mentee column only.
    assert main(["match", f["mentees"], f["mentors"], "--apart-on", "place"]) == 2
    err = capsys.readouterr().err
    assert "--apart-on 'place'" in err and "mentors.csv has no attribute column 'place'" in err


def test_an_objective_other_than_ranks_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = _files(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["match", f["mentees"], f["mentors"], "--objective", "distance"])
    assert exit_info.value.code == 2
    assert "--objective: invalid choice: 'distance'" in capsys.readouterr().err
