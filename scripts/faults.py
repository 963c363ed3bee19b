"""`make faults`: the production shape (make cluster) under load and faults, every write counted.

It starts the cluster with its mail going to a mail server of its own (on 127.0.0.1:2526, answering
slowly, so a delivery takes seconds) and a short task lease, puts a steady load of signed-in
participants, facilitators and leads on it through the load balancer (Locust, as `make loadtest`),
and then, one after another:

1. kills a task worker (SIGKILL) in the middle of delivering mail: the lease sweep queues its task
   again, another worker delivers it; every message arrives exactly once (by Message-ID);
2. kills an app server (its gunicorn master and workers, SIGKILL): nginx sends the load to the other
   two; only requests in flight there fail; the server is started again;
3. stops and starts the cluster's PostgreSQL: /healthz answers 503 while it is down, and the app,
   the task workers and the periodic queuer recover by themselves;
4. backs the database up (pg_dump), erases people after the backup, restores it into a fresh
   database (pg_restore) and re-applies the erasure log: nobody erased comes back;
5. sends 50 acceptances at the same moment, through the load balancer, for a cohort's last 5 places:
   exactly 5 are taken.

Then every write the load made and the server acknowledged is looked up in the database. It prints
each fault's figures and, last, `faults: passed=P/T lost=L errors_outside_faults=E`; it exits 0 only
when every check passed and nothing was lost. It stops everything it started.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = BASE_DIR / ".venv" / "bin" / "python"
LOCUST = BASE_DIR / ".venv" / "bin" / "locust"
OUT = BASE_DIR / "var" / "faults"
MAIL_PORT = 2526
LEASE_SECONDS = 6
MARK = "faults.example"


sys.path.insert(0, str(BASE_DIR / "scripts"))
import cluster  # noqa: E402  (scripts/cluster.py: the cluster this drives)
from mailsink import MailSink  # noqa: E402

ORIGIN = f"https://{cluster.HOST}:{cluster.HTTPS_PORT}"


def say(message: str) -> None:
    print(f"faults: {message}", flush=True)


# ---------------------------------------------------------------- the cluster's database and processes


def probe(*args: str, env: dict[str, str]) -> dict[str, Any]:
    result = subprocess.run([PYTHON, "scripts/faults_probe.py", *args], cwd=BASE_DIR, env=env, capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"faults: faults_probe.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    out: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return out


def sql(env: dict[str, str], query: str, *params: Any) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(env["DATABASE_URL"], connect_timeout=3) as connection:
        return connection.execute(query, params).fetchall()


def wait_for(what: str, check: Callable[[], bool], seconds: float, every: float = 0.25) -> float:
    """Seconds until `check()` held; raises when it did not within `seconds`."""
    started = time.monotonic()
    last = ""
    while time.monotonic() - started < seconds:
        try:
            if check():
                return time.monotonic() - started
        except Exception as exc:  # a database away for a moment is what some checks wait out
            last = f" (last error: {type(exc).__name__}: {str(exc).strip()[:200]})"
        time.sleep(every)
    raise TimeoutError(f"{what}: not within {seconds:.0f} s{last}")


_TLS = ssl.create_default_context()
_TLS.check_hostname = False
_TLS.verify_mode = ssl.CERT_NONE


def healthz() -> int:
    try:
        with urllib.request.urlopen(f"{ORIGIN}/healthz", timeout=3, context=_TLS) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (urllib.error.URLError, OSError):
        return 0


def recorded(name: str) -> list[tuple[str, int, str]]:
    return [entry for entry in cluster.read_pids() if entry[0] == name]


# ---------------------------------------------------------------- results


@dataclass
class Check:
    fault: str
    what: str
    ok: bool
    figure: str


@dataclass
class Results:
    checks: list[Check] = field(default_factory=list)
    windows: list[tuple[str, float, float]] = field(default_factory=list)  # where errors are expected
    lost: int = 0

    def check(self, fault: str, what: str, ok: bool, figure: str) -> None:
        self.checks.append(Check(fault, what, ok, figure))
        say(f"[{'ok' if ok else 'FAILED'}] {fault}: {what} ({figure})")


# ---------------------------------------------------------------- the faults


def kill_a_worker_mid_task(env: dict[str, str], results: Results, sink: MailSink, *, messages: int) -> None:
    fault = "task worker killed mid-task"
    queued = probe("mail", str(messages), env=env)["queued"]
    running_query = (
        "SELECT r.id::text, w.pid FROM django_tasks_database_dbtaskresult r JOIN core_workerlease w "
        "ON w.worker_id = r.worker_ids ->> -1 WHERE r.status = 'RUNNING' AND r.task_path LIKE %s"
    )
    found: list[tuple[str, int]] = []

    def delivering() -> bool:
        found[:] = [(str(t), int(p)) for t, p in sql(env, running_query, "%deliver_email")]
        return bool(found)

    wait_for("a worker delivering mail", delivering, 60, every=0.1)
    task_id, pid = found[0]
    os.kill(pid, signal.SIGKILL)
    killed_at = time.monotonic()
    say(f"killed task worker pid {pid} (SIGKILL) while it delivered mail (task {task_id})")
    replacement = cluster.spawn("worker-3", [PYTHON, "manage.py", "run_worker", "--interval", "1"], "run_worker",
                                env, cluster.CLUSTER_DIR / "log" / "worker-3.log")
    say(f"started a replacement task worker (pid {replacement.pid})")

    def rerun_done() -> bool:
        rows = sql(env, "SELECT status, jsonb_array_length(worker_ids) FROM django_tasks_database_dbtaskresult WHERE id = %s",
                   task_id)
        return bool(rows) and rows[0][0] == "SUCCESSFUL"

    wait_for("the killed worker's task run again", rerun_done, LEASE_SECONDS * 4 + 60)
    sink.delay = 0.05  # the rest of the run needs no slow deliveries
    rerun_seconds = time.monotonic() - killed_at
    runs = sql(env, "SELECT jsonb_array_length(worker_ids) FROM django_tasks_database_dbtaskresult WHERE id = %s", task_id)
    results.check(fault, "the task the dead worker held was run again by another worker", runs[0][0] == 2,
                  f"{rerun_seconds:.1f} s after the kill, lease {LEASE_SECONDS} s, {runs[0][0]} workers on it")
    results.check(fault, f"{queued} messages queued", queued == messages, f"{queued} rows")


def kill_an_app_server(env: dict[str, str], results: Results, *, port: int) -> None:
    fault = "app server killed"
    [(_name, pid, _marker)] = recorded(f"gunicorn-{port}")[-1:]
    os.killpg(pid, signal.SIGKILL)  # the master and its workers: the whole server
    started = time.time()
    say(f"killed the app server on port {port} (gunicorn pid {pid} and its workers, SIGKILL)")
    # The load carries on through nginx; count what the other servers answer meanwhile.
    answered = sum(1 for _ in range(20) if healthz() == 200 and not time.sleep(0.25))
    results.check(fault, "the load balancer answers from the other servers", answered == 20,
                  f"{answered}/20 health checks through nginx answered 200 with the server down")
    time.sleep(6)
    results.windows.append((fault, started, time.time()))
    log = cluster.CLUSTER_DIR / "log" / f"gunicorn-{port}.log"
    app = cluster.spawn_app(port, env, log)
    cluster.wait_for_app(port, app, log)
    say(f"started the app server on port {port} again (gunicorn pid {app.pid})")


def restart_postgresql(env: dict[str, str], results: Results, sink: MailSink, *, down_for: float) -> None:
    fault = "PostgreSQL restarted"
    data = cluster.CLUSTER_DIR / "pg"
    pg_ctl = cluster.pg_bin() / "pg_ctl"
    started = time.time()
    cluster.run([pg_ctl, "-D", data, "-m", "fast", "-w", "stop"], "pg_ctl stop", as_postgres=True)
    say("stopped PostgreSQL (pg_ctl stop -m fast)")
    to_503 = wait_for("/healthz answering 503", lambda: healthz() == 503, 15, every=0.1)
    statuses = Counter(healthz() for _ in range(int(down_for / 0.5)) if not time.sleep(0.5))
    results.check(fault, "/healthz answers 503 while the database is down", set(statuses) == {503},
                  f"503 within {to_503:.1f} s, then {dict(statuses)} over {down_for:.0f} s")
    options = f"-p {cluster.PG_PORT} -k {cluster.CLUSTER_DIR / 'run'} -c listen_addresses={cluster.HOST}"
    cluster.run([pg_ctl, "-D", data, "-o", options, "-l", cluster.CLUSTER_DIR / "log" / "postgres.log", "-w", "start"],
                "pg_ctl start", as_postgres=True)
    back = time.monotonic()
    say("started PostgreSQL again")
    to_200 = wait_for("/healthz answering 200", lambda: healthz() == 200, 60, every=0.1)
    steady = sum(1 for _ in range(12) if healthz() == 200 and not time.sleep(0.25))
    results.check(fault, "the app recovers by itself", steady == 12,
                  f"200 {to_200:.1f} s after PostgreSQL was back, then {steady}/12 in a row")
    results.windows.append((fault, started, time.time() + 1))
    # The workers and the periodic queuer outlived the outage, and the queue runs again.
    alive = [name for name, pid, marker in cluster.read_pids()
             if name.startswith(("worker", "periodic")) and cluster.is_ours(pid, marker)]
    probe("mail", "1", "after-restart", env=env)
    drained = wait_for("a message queued after the restart delivered",
                       lambda: any(f"after-restart-1@{MARK}" in m["to"] for m in sink.to_domain(MARK)), 90)
    results.check(fault, "task workers and the periodic queuer outlived it and work", len(alive) >= 3,
                  f"{len(alive)} of them running; a message queued after it delivered in {drained:.1f} s "
                  f"({time.monotonic() - back:.0f} s after the restart)")


def backup_restore_and_erasures(env: dict[str, str], results: Results, plan: Path, *, erase: int) -> None:
    fault = "backup, erasures, restore"
    OUT.mkdir(parents=True, exist_ok=True)
    dump = OUT / "backup.dump"
    bin_dir = cluster.pg_bin()
    backed_up_at = dt.datetime.now(dt.UTC)
    started = time.monotonic()
    cluster.run([bin_dir / "pg_dump", "--format=custom", f"--file={dump}", f"--dbname={env['DATABASE_URL']}"],
                "pg_dump")
    say(f"pg_dump: {dump.stat().st_size / 1e6:.1f} MB in {time.monotonic() - started:.1f} s")
    people = probe("bystanders", str(erase), str(plan), env=env)["people"]
    ids = [str(p["id"]) for p in people]
    live = probe("erase", *ids, env=env)
    say(f"erased {len(people)} people after the backup")

    restored_name = f"{cluster.DATABASE}_restored"
    psql = [bin_dir / "psql", "-h", cluster.CLUSTER_DIR / "run", "-p", str(cluster.PG_PORT), "-U", "postgres",
            "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c"]
    cluster.run([*psql, f"DROP DATABASE IF EXISTS {restored_name}"], "dropping an old restore", as_postgres=True)
    cluster.run([*psql, f"CREATE DATABASE {restored_name} OWNER {cluster.DATABASE}"], "creating the restore database",
                as_postgres=True)
    restored_url = env["DATABASE_URL"].rsplit("/", 1)[0] + "/" + restored_name
    started = time.monotonic()
    cluster.run([bin_dir / "pg_restore", "--no-owner", f"--dbname={restored_url}", dump], "pg_restore")
    say(f"pg_restore into a fresh database in {time.monotonic() - started:.1f} s")
    restored_env = {**env, "DATABASE_URL": restored_url}
    before = probe("people", *ids, env=restored_env)
    out = cluster.manage("reapply_erasures", "--since", backed_up_at.isoformat(), env=restored_env, who="faults").strip()
    say(f"reapply_erasures: {out}")
    after = probe("people", *ids, env=restored_env)
    results.check(fault, "the restore brought the erased people back before the log was re-applied",
                  len(before["present"]) == len(ids), f"{len(before['present'])}/{len(ids)} back")
    results.check(fault, "nobody erased since the backup comes back", after["present"] == [] and live["present"] == [],
                  f"{len(after['present'])} of {len(ids)} present after reapply_erasures")
    results.check(fault, "the restored copy holds the same people as the live database",
                  after["total"] == live["total"], f"{after['total']:,} restored, {live['total']:,} live")
    cluster.run([*psql, f"DROP DATABASE {restored_name}"], "dropping the restore", as_postgres=True)


def last_places_at_once(env: dict[str, str], results: Results, *, people: int, places: int) -> None:
    import requests
    import urllib3

    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    fault = f"{people} acceptances for the last {places} places"
    setup = probe("offers", str(people), str(places), env=env)
    sessions: list[tuple[requests.Session, str, str]] = []
    for path in setup["paths"]:
        session = requests.Session()  # verify=False on each call: REQUESTS_CA_BUNDLE would win over the session's
        page = session.get(ORIGIN + path, timeout=30, verify=False)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if page.status_code != 200 or not token:
            raise SystemExit(f"faults: an offer page answered {page.status_code} without its form")
        sessions.append((session, path, token.group(1)))
    barrier = threading.Barrier(len(sessions))
    answers: list[str] = []
    lock = threading.Lock()

    def accept(session: requests.Session, path: str, token: str) -> None:
        barrier.wait()
        try:
            response = session.post(ORIGIN + path, data={"csrfmiddlewaretoken": token, "action": "accept"},
                                    headers={"Referer": ORIGIN + path}, timeout=60, verify=False)
            kind = ("took a place" if "You have a place" in response.text
                    else "told the cohort was full" if "every place" in response.text
                    else f"answered {response.status_code}")
        except requests.RequestException as exc:
            kind = f"failed: {type(exc).__name__}"
        with lock:
            answers.append(kind)

    threads = [threading.Thread(target=accept, args=item) for item in sessions]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    told = Counter(answers)
    held = probe("cohort", str(setup["cohort"]), str(setup["stamp"]), env=env)
    say(f"{len(sessions)} acceptances at once in {seconds:.1f} s: {dict(told)}; the database: {held}")
    results.check(fault, f"exactly {places} places taken", held["participants"] == held["capacity"]
                  and held["offers"].get("accepted", 0) == places,
                  f"{held['participants']}/{held['capacity']} participants, offers {held['offers']}")
    results.check(fault, "each person was told what the database holds",
                  told["took a place"] == places and told["told the cohort was full"] == people - places,
                  f"{told['took a place']} told they have a place, {told['told the cohort was full']} told it was full")
    results.lost += abs(told["took a place"] - held["offers"].get("accepted", 0))


# ---------------------------------------------------------------- the load beside it


def start_load(env: dict[str, str], *, users: int) -> tuple[subprocess.Popen[bytes], Path, Path, Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    plan, writes, timings = OUT / "plan.json", OUT / "writes.json", OUT / "timings.json"
    for stale in (writes, timings):
        stale.unlink(missing_ok=True)
    participants, facilitators = max(1, users * 4 // 5), max(1, users // 10)
    leads = max(1, users - participants - facilitators)
    subprocess.run([PYTHON, "scripts/loadtest_plan.py", "write", str(plan), "--participants", str(participants),
                    "--facilitators", str(facilitators), "--leads", str(leads)], cwd=BASE_DIR, env=env, check=True,
                   capture_output=True)
    load_env = {**env, "LOADTEST_PLAN": str(plan), "LOADTEST_WRITES": str(writes), "LOADTEST_TIMINGS": str(timings),
                "LOADTEST_WAIT": "1,3"}
    locust = subprocess.Popen(
        [LOCUST, "-f", "scripts/locustfile.py", "--headless", "-u", str(users), "-r", str(users), "-t", "1200s",
         "--host", ORIGIN, "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"],
        cwd=BASE_DIR, env=load_env, stdout=subprocess.DEVNULL, stderr=(OUT / "locust.log").open("wb"),
    )
    say(f"load: {users} simulated people through nginx, 1-3 s between actions")
    return locust, plan, writes, timings


def stop_load(locust: subprocess.Popen[bytes], timings: Path) -> None:
    locust.send_signal(signal.SIGTERM)
    try:
        locust.wait(timeout=60)
    except subprocess.TimeoutExpired:
        locust.kill()
    if not timings.exists():
        raise SystemExit(f"faults: Locust wrote no timings:\n{(OUT / 'locust.log').read_text()[-3000:]}")


def count_the_load(env: dict[str, str], results: Results, plan: Path, writes: Path, timings: Path) -> None:
    fault = "the load beside the faults"
    requests_made = json.loads(timings.read_text())
    check = subprocess.run([PYTHON, "scripts/loadtest_plan.py", "check", str(plan), str(writes)], cwd=BASE_DIR,
                           env=env, capture_output=True, text=True, check=True)
    counted = json.loads(check.stdout.strip().splitlines()[-1])
    results.lost += int(counted["lost"])

    def window(at: float) -> str:
        return next((name for name, start, end in results.windows if start <= at <= end), "")

    errors = Counter(window(float(r["at"])) for r in requests_made if not r["ok"])
    outside = errors.pop("", 0)
    for name, count in sorted(errors.items()):
        say(f"requests that failed while '{name}': {count}")
    results.check(fault, "every acknowledged write is in the database", counted["lost"] == 0,
                  f"{counted['checked']} writes checked, {counted['lost']} lost")
    results.check(fault, "no request failed outside the faults' windows", outside == 0,
                  f"{len(requests_made):,} requests, {outside} failed outside, {sum(errors.values())} inside")


def count_the_mail(env: dict[str, str], results: Results, sink: MailSink, *, expected: int) -> None:
    """Exactly once: the outbox empties (a row goes only once the mail server took its message), no
    Message-ID arrives twice, and each of the `expected` messages these checks queued is there."""
    fault = "mail, exactly once"
    drained = wait_for("the outbox emptied", lambda: sql(env, "SELECT count(*) FROM accounts_outgoingmail")[0][0] == 0,
                       180)
    with sink.lock:
        received = list(sink.received)
    ids = Counter(m["message_id"] for m in received)
    twice = sum(1 for count in ids.values() if count > 1)
    checks = {m["message_id"] for m in received
              if any(to.startswith(("check-", "after-restart-")) and to.endswith("@" + MARK) for to in m["to"])}
    results.check(fault, "the outbox emptied and no message arrived twice", twice == 0,
                  f"{len(received)} messages received ({len(ids)} Message-IDs, {twice} twice), outbox empty "
                  f"{drained:.0f} s after the last fault")
    results.check(fault, "every message the checks queued arrived", len(checks) == expected,
                  f"{len(checks)} of {expected}")
    results.lost += max(0, expected - len(checks)) + twice


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=100, help="participants in the seeded demo (100)")
    parser.add_argument("--users", type=int, default=20, help="simulated people in the load beside (20)")
    parser.add_argument("--messages", type=int, default=20, help="messages queued for the worker kill (20)")
    parser.add_argument("--keep", action="store_true", help="leave the cluster running afterwards")
    args = parser.parse_args(argv)

    if subprocess.run([PYTHON, "scripts/cluster.py", "status"], cwd=BASE_DIR, capture_output=True).returncode == 0:
        say("a cluster is running already: `make cluster-stop` first (the faults need one started with their mail server)")
        return 2
    sink = MailSink(MAIL_PORT, delay=1.5)
    sink.start()
    os.environ.update(EMAIL_HOST=cluster.HOST, EMAIL_PORT=str(MAIL_PORT), TASK_LEASE_SECONDS=str(LEASE_SECONDS))
    results = Results()
    locust = None
    began = time.monotonic()
    try:
        if subprocess.run([PYTHON, "scripts/cluster.py", "start", "--seed", str(args.seed)], cwd=BASE_DIR).returncode:
            say("the cluster did not start")
            return 1
        env = cluster.environment()
        locust, plan, writes, timings = start_load(env, users=args.users)
        time.sleep(5)
        offers, places = 50, 5
        for step in (
            lambda: kill_a_worker_mid_task(env, results, sink, messages=args.messages),
            lambda: kill_an_app_server(env, results, port=cluster.APP_PORTS[0]),
            lambda: restart_postgresql(env, results, sink, down_for=5),
            lambda: backup_restore_and_erasures(env, results, plan, erase=3),
            lambda: last_places_at_once(env, results, people=offers, places=places),
        ):
            step()
            time.sleep(1)
        count_the_mail(env, results, sink, expected=args.messages + 1)
        stop_load(locust, timings)
        locust = None
        count_the_load(env, results, plan, writes, timings)
    except (TimeoutError, subprocess.CalledProcessError, cluster.ClusterError) as exc:
        results.check("the run", "every step finished", False, str(exc).splitlines()[0])
    finally:
        if locust is not None:
            locust.kill()
        if not args.keep:
            subprocess.run([PYTHON, "scripts/cluster.py", "stop"], cwd=BASE_DIR, check=False)
        sink.stop()
    passed = sum(c.ok for c in results.checks)
    print()
    for c in results.checks:
        print(f"{'ok    ' if c.ok else 'FAILED'} {c.fault}: {c.what} — {c.figure}")
    print(f"faults: passed={passed}/{len(results.checks)} lost={results.lost} seconds={time.monotonic() - began:.0f}")
    return 0 if passed == len(results.checks) and results.lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
