"""`make loadtest`: the production shape (make cluster) measured under a bounded load.

For each size (a baseline of 400 participants, then the large programme), it seeds the demo into the
cluster's own PostgreSQL, computes the published figures the way the task worker does, writes the
plan of simulated people (scripts/loadtest_plan.py), and runs Locust headless for a fixed number of
simulated users and a fixed time (scripts/locustfile.py). Halfway through each run it queues every
periodic task (mail included), which the cluster's two task workers run beside the load. Then every
write the server acknowledged is looked up in the database.

It prints, per page, the number of requests, p50/p95/p99 in milliseconds and the errors, then the
ratio of the large run's participant p95 to the baseline's, and last:

    loadtest: users=U rps=R p95_ms=P errors=E lost=L

(of the large run; p95 over the participants' pages). It starts the cluster when none is running
and stops what it started; `--keep` leaves it running.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = BASE_DIR / ".venv" / "bin" / "python"
LOCUST = BASE_DIR / ".venv" / "bin" / "locust"
OUT = BASE_DIR / "var" / "loadtest"
HOST = "https://127.0.0.1:8443"


sys.path.insert(0, str(BASE_DIR / "scripts"))
import cluster  # noqa: E402  (scripts/cluster.py: the cluster this measures)
from mailsink import MailSink  # noqa: E402

MAIL_PORT = 2525  # the load test's own mail server, which the cluster it starts sends to


def manage(*args: str, env: dict[str, str]) -> str:
    return cluster.manage(*args, env=env, who="loadtest")


def say(message: str) -> None:
    print(f"loadtest: {message}", flush=True)


def cluster_running() -> bool:
    result = subprocess.run([PYTHON, "scripts/cluster.py", "status"], cwd=BASE_DIR, capture_output=True, text=True,
                            check=False)
    return result.returncode == 0


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank percentile (q in 0..100) of `values`; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Run:
    people: int
    users: int
    seconds: float
    timings: list[dict[str, object]]
    lost: int
    checked: int

    def by_page(self) -> dict[str, list[dict[str, object]]]:
        pages: dict[str, list[dict[str, object]]] = {}
        for timing in self.timings:
            pages.setdefault(str(timing["name"]), []).append(timing)
        return dict(sorted(pages.items()))

    def errors(self) -> int:
        return sum(1 for t in self.timings if not t["ok"])

    def p95(self, prefix: str = "participant:") -> float:
        return percentile([float(t["ms"]) for t in self.timings if str(t["name"]).startswith(prefix)], 95)

    def rps(self) -> float:
        return len(self.timings) / self.seconds if self.seconds else 0.0

    def error_kinds(self) -> dict[str, int]:
        kinds: dict[str, int] = {}
        for t in self.timings:
            if not t["ok"]:
                key = f"{t['name']}: {t.get('error') or 'failed'}"
                kinds[key] = kinds.get(key, 0) + 1
        return kinds

    def table(self) -> str:
        lines = [f"{'page':<40} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}"]
        for name, rows in self.by_page().items():
            ms = [float(r["ms"]) for r in rows]
            lines.append(f"{name:<40} {len(rows):>8} {percentile(ms, 50):>8.0f} {percentile(ms, 95):>8.0f} "
                         f"{percentile(ms, 99):>8.0f} {sum(1 for r in rows if not r['ok']):>6}")
        return "\n".join(lines)

    def summary(self) -> str:
        return (f"users={self.users} rps={self.rps():.1f} p95_ms={self.p95():.0f} errors={self.errors()} "
                f"lost={self.lost}")


def periodic_beside(env: dict[str, str], delay: float) -> threading.Thread:
    """Queue every periodic task (mail, offers, retention, figures) once the load is under way."""

    def queue() -> None:
        time.sleep(delay)
        manage("run_periodic", "--once", env=env)
        say("queued every periodic task while the load runs")

    thread = threading.Thread(target=queue, daemon=True)
    thread.start()
    return thread


def queued_work(env: dict[str, str]) -> int:
    """Tasks due now that the workers have not finished (queued or running)."""
    import psycopg

    with psycopg.connect(env["DATABASE_URL"], connect_timeout=3) as connection:
        row = connection.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')"
            " AND (run_after <= now() OR run_after >= '9999-01-01')"  # its latest date: no time set
        ).fetchone()
    return int(row[0]) if row else 0


def wait_for_the_workers(env: dict[str, str], *, limit: float = 900.0) -> None:
    """Let the task workers finish what the seed queued (its report packs, mail, figures) before the
    load starts: the run measures the programme in use, and queues the periodic tasks itself."""
    started = time.monotonic()
    while (left := queued_work(env)) and time.monotonic() - started < limit:
        time.sleep(2)
    waited = time.monotonic() - started
    if left:
        say(f"{left} queued tasks still unfinished after {waited:.0f} s: measuring beside them")
    else:
        say(f"the task workers finished the seed's queued work in {waited:.0f} s")


def measure(people: int, *, users: int, spawn_rate: float, seconds: int, seed: int, reuse: bool = False) -> Run:
    env = cluster.environment()
    if reuse:
        say("measuring the database as it is seeded (--reuse): no new seed")
    else:
        started = time.monotonic()
        manage("seed_demo", "--reset", "--participants", str(people), "--seed", str(seed), "-v0", env=env)
        say(f"seeded {people:,} participants in {time.monotonic() - started:.0f} s")
        started = time.monotonic()
        manage("refresh_figures", env=env)
        say(f"published figures computed in {time.monotonic() - started:.0f} s")
        wait_for_the_workers(env)

    OUT.mkdir(parents=True, exist_ok=True)
    plan, writes, timings = OUT / f"plan-{people}.json", OUT / f"writes-{people}.json", OUT / f"timings-{people}.json"
    participants = max(1, round(users * 17 / 20))
    facilitators = max(1, round(users * 2 / 20))
    leads = max(1, users - participants - facilitators)
    result = subprocess.run(
        [PYTHON, "scripts/loadtest_plan.py", "write", str(plan), "--participants", str(participants),
         "--facilitators", str(facilitators), "--leads", str(leads)],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"loadtest: the plan failed:\n{result.stderr[-3000:]}")
    say(f"plan: {result.stdout.strip()}")

    locust_env = {**env, "LOADTEST_PLAN": str(plan), "LOADTEST_WRITES": str(writes), "LOADTEST_TIMINGS": str(timings)}
    say(f"{users} simulated people for {seconds} s (spawning {spawn_rate}/s, 5-15 s between actions)")
    helper = periodic_beside(env, delay=seconds / 2)
    began = time.monotonic()
    run = subprocess.run(
        [LOCUST, "-f", "scripts/locustfile.py", "--headless", "-u", str(users), "-r", str(spawn_rate),
         "-t", f"{seconds}s", "--host", HOST, "--only-summary", "--stop-timeout", "20", "--loglevel", "WARNING"],
        cwd=BASE_DIR, env=locust_env, capture_output=True, text=True, check=False,
    )
    elapsed = time.monotonic() - began
    helper.join(timeout=60)
    if not timings.exists():
        raise SystemExit(f"loadtest: Locust wrote no timings (exit {run.returncode}):\n{run.stderr[-3000:]}")
    check = subprocess.run([PYTHON, "scripts/loadtest_plan.py", "check", str(plan), str(writes)], cwd=BASE_DIR,
                           env=env, capture_output=True, text=True, check=False)
    if check.returncode != 0:
        raise SystemExit(f"loadtest: checking the writes failed:\n{check.stderr[-3000:]}")
    counted = json.loads(check.stdout.strip().splitlines()[-1])
    return Run(people=people, users=users, seconds=elapsed, timings=json.loads(timings.read_text()),
               lost=int(counted["lost"]), checked=int(counted["checked"]))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=20_000, help="participants in the large run (20,000)")
    parser.add_argument("--baseline", type=int, default=400, help="participants in the baseline run (400; 0: none)")
    parser.add_argument("--users", type=int, default=200, help="simulated people at once (200)")
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="simulated people started per second")
    parser.add_argument("--seconds", type=int, default=180, help="length of each run (180)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="leave the cluster running")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the running cluster's database as it is, without seeding (one size only: "
                             "--baseline 0), to measure again after a change")
    args = parser.parse_args(argv)
    if args.reuse and args.baseline:
        parser.error("--reuse measures one database: give --baseline 0")

    started_here = False
    sink: MailSink | None = None
    if not cluster_running():
        say(f"starting the cluster (make cluster, empty database), its mail to {cluster.HOST}:{MAIL_PORT}")
        sink = MailSink(MAIL_PORT, delay=0)
        sink.start()
        os.environ.update(EMAIL_HOST=cluster.HOST, EMAIL_PORT=str(MAIL_PORT))
        subprocess.run([PYTHON, "scripts/cluster.py", "start", "--seed", "0"], cwd=BASE_DIR, check=True)
        started_here = True
    else:
        port = cluster.environment().get("EMAIL_PORT")
        if port and not cluster.port_in_use(int(port)):
            sink = MailSink(int(port), delay=0)
            sink.start()
        elif not port:
            say("the running cluster sends mail to no server of the load test's: its mail will fail and wait")
    try:
        runs = [measure(size, users=args.users, spawn_rate=args.spawn_rate, seconds=args.seconds, seed=args.seed,
                        reuse=args.reuse)
                for size in ([args.baseline] if args.baseline else []) + [args.people]]
    finally:
        if started_here and not args.keep:
            subprocess.run([PYTHON, "scripts/cluster.py", "stop"], cwd=BASE_DIR, check=False)
        if sink is not None:
            say(f"the cluster's mail server took {sink.count():,} messages")
            sink.stop()
    for run in runs:
        print(f"\n== {run.people:,} participants, {run.users} simulated people, {run.seconds:.0f} s, "
              f"{run.checked} acknowledged writes checked")
        print(run.table())
        for kind, count in sorted(run.error_kinds().items()):
            print(f"error x{count}: {kind}")
        print(f"participants' pages p95 {run.p95():.0f} ms; leads' pages p95 {run.p95('lead:'):.0f} ms; "
              f"{run.summary()}")
    if len(runs) == 2 and runs[0].p95():
        print(f"\nparticipants' p95 at {runs[1].people:,} / at {runs[0].people:,}: "
              f"{runs[1].p95() / runs[0].p95():.2f}")
    print(f"loadtest: {runs[-1].summary()}")
    return 0 if runs[-1].errors() == 0 and runs[-1].lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
