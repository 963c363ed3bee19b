"""The production shape on one machine: PostgreSQL, three app servers, nginx in front, two task workers.

`make cluster` runs `start`, `make cluster-stop` runs `stop`. Everything lives under var/cluster/ and
listens on 127.0.0.1 only. Every process started is written to var/cluster/pids as it starts, and
`stop` ends exactly those (checking each is still the process it started) and nothing else.
Start always begins from an empty folder: the cluster is a throwaway.
"""

import argparse
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
CLUSTER_DIR = BASE_DIR / "var" / "cluster"
PIDS_FILE = CLUSTER_DIR / "pids"
# settings.STATIC_ROOT: collectstatic writes there, nginx serves it and whitenoise reads its manifest.
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
PYTHON = BASE_DIR / ".venv" / "bin" / "python"
GUNICORN = BASE_DIR / ".venv" / "bin" / "gunicorn"

HOST = "127.0.0.1"
PG_PORT = 5433
APP_PORTS = (8101, 8102, 8103)
HTTPS_PORT = 8443
WORKERS = 2
DATABASE = "commonground"

# Settings the outer shell may carry that would turn this into something other than production.
UNSET = ("DEBUG", "DEMO_MODE", "COMMONGROUND_TESTING", "PORT", "DATABASE_URL")


class ClusterError(Exception):
    """A step failed; the message says which and why."""


def say(message: str) -> None:
    print(f"cluster: {message}", flush=True)


# ---------------------------------------------------------------- the pids file


def read_pids(path: Path = PIDS_FILE) -> list[tuple[str, int, str]]:
    """Each line is `name pid marker`: the marker is a piece of the command line that must still match."""
    entries = []
    if not path.exists():
        return entries
    for line in path.read_text().splitlines():
        name, pid, marker = line.split(" ", 2)
        entries.append((name, int(pid), marker))
    return entries


def record_pid(name: str, pid: int, marker: str, path: Path = PIDS_FILE) -> None:
    with path.open("a") as out:
        out.write(f"{name} {pid} {marker}\n")


def is_ours(pid: int, marker: str) -> bool:
    """True while `pid` is alive and is still the process we started (pids are reused)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state != "Z" and marker in cmdline


def stop_process(name: str, pid: int, marker: str, sig: signal.Signals, wait: float = 20.0) -> str:
    """Signal one recorded process and wait for it to go; return a line saying what happened."""
    if not is_ours(pid, marker):
        return f"{name} (pid {pid}) was not running"
    os.kill(pid, sig)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if not is_ours(pid, marker):
            return f"stopped {name} (pid {pid}, {sig.name})"
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    return f"{name} (pid {pid}) did not stop within {wait:.0f} s: killed"


# ---------------------------------------------------------------- helpers


def run(args: Sequence[str | Path], what: str, env: dict[str, str] | None = None, as_postgres: bool = False) -> str:
    command = [str(arg) for arg in args]
    if as_postgres and os.geteuid() == 0:
        # PostgreSQL refuses to run as root.
        command = ["runuser", "-u", "postgres", "--", *command]
    result = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise ClusterError(f"{what} failed (exit {result.returncode}):\n{tail}")
    return result.stdout


def environment() -> dict[str, str]:
    """The environment a command run against the started cluster needs: this shell's, without the
    settings that would make it something other than production, with the cluster's own over it."""
    env = dict(os.environ)
    for key in UNSET:
        env.pop(key, None)
    for line in (CLUSTER_DIR / "env").read_text().splitlines():
        key, _, value = line.partition("=")
        env[key] = value
    return env


def manage(*args: str, env: dict[str, str], who: str = "cluster") -> str:
    """Run manage.py against the cluster; its output, or an exit naming the command and its error."""
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        raise SystemExit(f"{who}: manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((HOST, port)) == 0


def pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise ClusterError("no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)")
    return found[-1].parent


def ensure_nginx() -> str:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx:
        return nginx
    if os.geteuid() != 0:
        raise ClusterError("nginx is not installed (as root: apt-get install -y nginx)")
    say("installing nginx (apt-get install -y nginx)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "install", "-y", "-qq", "nginx"], "installing nginx", env=env)
    return "/usr/sbin/nginx"


def tail(path: Path, lines: int = 15) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def app_env(secret_key: str, password: str) -> dict[str, str]:
    """Production settings: DEBUG and DEMO_MODE off, secure cookies, a fresh key, PostgreSQL."""
    env = {key: value for key, value in os.environ.items() if key not in UNSET}
    origin = f"https://{HOST}:{HTTPS_PORT}"
    env.update(
        DATABASE_URL=f"postgres://{DATABASE}:{password}@{HOST}:{PG_PORT}/{DATABASE}",
        DATABASE_CONN_MAX_AGE="60",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS=f"{origin},https://localhost:{HTTPS_PORT}",
        SITE_URL=origin,
        # HSTS on 127.0.0.1/localhost would make a browser refuse every plain-http local server.
        SECURE_HSTS_SECONDS="0",
        SECURE_HSTS_PRELOAD="false",
    )
    # Erasures are logged beside the database, not in it (privacy/erasure_log.py).
    env.setdefault("ERASURE_LOG", str(CLUSTER_DIR / "erasures.log"))
    return env


def write_env_file(env: dict[str, str], path: Path) -> None:
    """The settings the cluster runs with, for running manage.py commands against it by hand."""
    keys = ("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SITE_URL",
            "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD", "ERASURE_LOG")
    # Settings the outer shell chose for this cluster (the fault tests' mail server, a short lease).
    chosen = ("EMAIL_HOST", "EMAIL_PORT", "TASK_LEASE_SECONDS")
    path.write_text("".join(f"{key}={env[key]}\n" for key in (*keys, *chosen) if key in env))
    path.chmod(0o600)


# ---------------------------------------------------------------- nginx


def nginx_conf(prefix: Path, static_root: Path, *, as_root: bool) -> str:
    """The load balancer: TLS on loopback, static files from disk, the app servers behind it."""
    servers = "\n".join(
        f"        server {HOST}:{port} max_fails=1 fail_timeout=10s;" for port in APP_PORTS
    )
    temp_paths = "\n".join(
        f"    {kind}_temp_path {prefix}/{kind}_temp;"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user nobody nogroup;\n" if as_root else ""
    return f"""# Written by scripts/cluster.py at each start.
{user}worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;

events {{
    worker_connections 256;
}}

http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    server_tokens off;
    sendfile on;
{temp_paths}

    # No addresses in the log: sign-in and offer links carry keys in them.
    log_format balance '$time_local $request_method $status $upstream_addr $request_time';
    access_log {prefix}/access.log balance;

    # Each request goes to the app server with the fewest requests in flight. Passive health
    # checks: an app server that refuses or times out is left out for 10 s and the request goes
    # to the next one.
    upstream commonground {{
        least_conn;
{servers}
        keepalive 16;
    }}

    # Hashed names (collectstatic's manifest) never change; the rest may.
    map $uri $static_cache_control {{
        "~\\.[0-9a-f]{{12}}\\.[A-Za-z0-9]+$" "public, max-age=31536000, immutable";
        default "public, max-age=3600";
    }}

    server {{
        listen {HOST}:{HTTPS_PORT} ssl;
        server_name 127.0.0.1 localhost;
        ssl_certificate {prefix}/tls/cert.pem;
        ssl_certificate_key {prefix}/tls/key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        client_max_body_size 20m;

        location /static/ {{
            alias {static_root}/;
            gzip_static on;
            add_header Cache-Control $static_cache_control;
            add_header X-Content-Type-Options nosniff;
        }}

        location / {{
            proxy_pass http://commonground;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
            proxy_connect_timeout 2s;
            proxy_read_timeout 120s;
            proxy_next_upstream error timeout http_502;
        }}
    }}
}}
"""


# ---------------------------------------------------------------- start


def wait_for_app(port: int, process: subprocess.Popen[bytes], log: Path, seconds: float = 90.0) -> None:
    """Poll an app server's /healthz (as nginx would ask it) until it answers 200."""
    request = urllib.request.Request(
        f"http://{HOST}:{port}/healthz", headers={"X-Forwarded-Proto": "https", "Host": HOST}
    )
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ClusterError(f"the app server on port {port} exited:\n{tail(log)}")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise ClusterError(f"the app server on port {port} did not answer /healthz within {seconds:.0f} s")


def spawn(
    name: str, args: Sequence[str | Path], marker: str, env: dict[str, str], log: Path
) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        process = subprocess.Popen(
            [str(arg) for arg in args], cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
    record_pid(name, process.pid, marker)
    return process


def spawn_app(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """One app server: gunicorn with two processes on a loopback port (its marker is the address).
    (Two processes of four threads each measured no better under the load test: the two cores are
    the limit, not the processes.)"""
    return spawn(f"gunicorn-{port}", [GUNICORN, "commonground.wsgi", "--bind", f"{HOST}:{port}",
                                      "--workers", "2", "--timeout", "120"], f"{HOST}:{port}", env, log)


def spawn_background(env: dict[str, str], logs: Path) -> None:
    """The task workers and the periodic queuer. On this one machine they run at a lower priority than
    the app servers (nice 10): a batch of mail then waits a moment rather than slowing every page.
    On real machines they have their own (docs/operations.md)."""
    manage = ["nice", "-n", "10", PYTHON, "manage.py"]
    for number in range(1, WORKERS + 1):
        worker = spawn(f"worker-{number}", [*manage, "run_worker", "--interval", "1"], "run_worker", env,
                       logs / f"worker-{number}.log")
        say(f"task worker {number} (pid {worker.pid})")
    periodic = spawn("periodic", [*manage, "run_periodic", "--every", "300"], "run_periodic", env,
                     logs / "periodic.log")
    say(f"periodic queuer (pid {periodic.pid})")


def restart() -> None:
    """New code, no downtime: each app server in turn stops (finishing what it serves) and starts
    again while nginx sends the load to the other two; then the workers and the queuer; then nginx
    reads its configuration again. The database and its data stay as they are."""
    entries = read_pids()
    if not any(is_ours(pid, marker) for name, pid, marker in entries if name == "nginx"):
        raise ClusterError("no cluster is running: `make cluster` first")
    env, logs = environment(), CLUSTER_DIR / "log"
    kept = [entry for entry in entries if not entry[0].startswith(("gunicorn-", "worker-", "periodic"))]
    PIDS_FILE.write_text("".join(f"{name} {pid} {marker}\n" for name, pid, marker in kept))
    for port in APP_PORTS:
        for name, pid, marker in entries:
            if name == f"gunicorn-{port}":
                say(stop_process(name, pid, marker, signal.SIGTERM))
        log = logs / f"gunicorn-{port}.log"
        app = spawn_app(port, env, log)
        wait_for_app(port, app, log)
        say(f"app server on {HOST}:{port} (gunicorn pid {app.pid}) answers /healthz")
    for name, pid, marker in entries:
        if name.startswith(("worker-", "periodic")):
            say(stop_process(name, pid, marker, signal.SIGTERM))
    spawn_background(env, logs)
    prefix = CLUSTER_DIR / "nginx"
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(prefix, STATIC_ROOT, as_root=os.geteuid() == 0))
    run([ensure_nginx(), "-c", conf, "-p", prefix, "-e", prefix / "error.log", "-s", "reload"], "nginx -s reload")
    say("nginx read its configuration again")


def start(seed: int) -> None:
    if any(is_ours(pid, marker) for _, pid, marker in read_pids()):
        say(f"already running (pids in {PIDS_FILE.relative_to(BASE_DIR)}); `make cluster-stop` first")
        return
    if (CLUSTER_DIR / "pg" / "postmaster.pid").exists():
        raise ClusterError("a PostgreSQL left from an earlier cluster may be running; `make cluster-stop` first")
    busy = [port for port in (PG_PORT, *APP_PORTS, HTTPS_PORT) if port_in_use(port)]
    if busy:
        raise ClusterError(f"ports already in use on {HOST}: {', '.join(map(str, busy))}")
    if not GUNICORN.exists():
        raise ClusterError("gunicorn is missing from .venv (make install)")
    nginx = ensure_nginx()
    bin_dir = pg_bin()
    as_root = os.geteuid() == 0

    shutil.rmtree(CLUSTER_DIR, ignore_errors=True)
    logs = CLUSTER_DIR / "log"
    for folder in (logs, CLUSTER_DIR / "run", CLUSTER_DIR / "nginx" / "tls"):
        folder.mkdir(parents=True)
    PIDS_FILE.touch()
    say(f"fresh folder {CLUSTER_DIR.relative_to(BASE_DIR)}")

    # PostgreSQL: its own data folder, port and socket; never the server on 5432.
    pg_data, pg_run = CLUSTER_DIR / "pg", CLUSTER_DIR / "run"
    pg_data.mkdir()
    if as_root:
        shutil.chown(pg_data, "postgres", "postgres")
        shutil.chown(pg_run, "postgres", "postgres")
        shutil.chown(logs, "postgres", "postgres")
    run([bin_dir / "initdb", "-D", pg_data, "-U", "postgres", "--auth-local=trust",
         "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C"], "initdb", as_postgres=True)
    say(f"initdb {pg_data.relative_to(BASE_DIR)} (PostgreSQL {bin_dir.parent.name})")
    options = f"-p {PG_PORT} -k {pg_run} -c listen_addresses={HOST}"
    run([bin_dir / "pg_ctl", "-D", pg_data, "-o", options, "-l", logs / "postgres.log", "-w", "start"],
        "starting PostgreSQL", as_postgres=True)
    record_pid("postgres", 0, str(pg_data))
    say(f"PostgreSQL listening on {HOST}:{PG_PORT}")
    password = secrets.token_hex(16)
    psql = [bin_dir / "psql", "-h", pg_run, "-p", str(PG_PORT), "-U", "postgres", "-d", "postgres",
            "-v", "ON_ERROR_STOP=1", "-q", "-c"]
    run([*psql, f"CREATE ROLE {DATABASE} LOGIN PASSWORD '{password}'"], "creating the role", as_postgres=True)
    run([*psql, f"CREATE DATABASE {DATABASE} OWNER {DATABASE}"], "creating the database", as_postgres=True)
    say(f"database {DATABASE} owned by role {DATABASE} (password in var/cluster/env)")

    env = app_env(secrets.token_urlsafe(50), password)
    write_env_file(env, CLUSTER_DIR / "env")
    manage = [PYTHON, "manage.py"]
    run([*manage, "check", "--deploy", "--fail-level", "ERROR"], "manage.py check --deploy", env=env)
    run([*manage, "migrate", "--no-input", "-v0"], "manage.py migrate", env=env)
    run([*manage, "createcachetable"], "manage.py createcachetable", env=env)
    say("migrated and created the cache table")
    run([*manage, "collectstatic", "--no-input", "--clear", "-v0"], "manage.py collectstatic", env=env)
    say(f"collected static files into {STATIC_ROOT.relative_to(BASE_DIR)}")
    if seed:
        run([*manage, "seed_demo", "--participants", str(seed), "-v0"], "manage.py seed_demo", env=env)
        say(f"seeded the fictional demo ({seed} participants; sign-ins as in the demo, password 'demo')")

    # Started together, then waited for: each spends its first seconds importing the app.
    apps = [(port, spawn_app(port, env, logs / f"gunicorn-{port}.log")) for port in APP_PORTS]
    for port, app in apps:
        wait_for_app(port, app, logs / f"gunicorn-{port}.log")
        say(f"app server on {HOST}:{port} (gunicorn pid {app.pid}) answers /healthz")

    spawn_background(env, logs)

    prefix = CLUSTER_DIR / "nginx"
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", prefix / "tls" / "key.pem", "-out", prefix / "tls" / "cert.pem"], "making the certificate")
    say("self-signed certificate for localhost and 127.0.0.1 (valid 2 days)")
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(prefix, STATIC_ROOT, as_root=as_root))
    base = [nginx, "-c", conf, "-p", prefix, "-e", prefix / "error.log"]
    run([*base, "-t", "-q"], "nginx -t")
    balancer = spawn("nginx", [*base, "-g", "daemon off;"], str(conf), env, logs / "nginx.log")
    wait_for_nginx(balancer, prefix)
    say(f"nginx (master pid {balancer.pid}) on https://{HOST}:{HTTPS_PORT} in front of ports "
        f"{', '.join(map(str, APP_PORTS))}")
    say(f"ready: https://{HOST}:{HTTPS_PORT}/ (self-signed: curl -k); `make cluster-stop` stops it all")


def wait_for_nginx(process: subprocess.Popen[bytes], prefix: Path, seconds: float = 15.0) -> None:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ClusterError(f"nginx exited:\n{tail(prefix / 'error.log')}")
        try:
            with urllib.request.urlopen(f"https://{HOST}:{HTTPS_PORT}/healthz", timeout=2, context=context) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise ClusterError(f"nginx did not answer /healthz within {seconds:.0f} s")


# ---------------------------------------------------------------- stop

# The load balancer first (it finishes what it is serving), then the app servers and workers,
# PostgreSQL last.
SIGNALS = {"nginx": signal.SIGQUIT}


def stop(pids_file: Path = PIDS_FILE) -> list[str]:
    entries = read_pids(pids_file)
    if not entries:
        return ["nothing to stop (no cluster was started)"]
    order = sorted(entries, key=lambda entry: (entry[0] != "nginx", entry[0] == "postgres"))
    lines = []
    for name, pid, marker in order:
        if name == "postgres":
            lines.append(stop_postgres(Path(marker)))
        else:
            lines.append(stop_process(name, pid, marker, SIGNALS.get(name, signal.SIGTERM)))
    pids_file.unlink()
    return lines


def stop_postgres(data: Path) -> str:
    if not (data / "postmaster.pid").exists():
        return "PostgreSQL was not running"
    pid = (data / "postmaster.pid").read_text().split("\n", 1)[0]
    try:
        run([pg_bin() / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop"], "pg_ctl stop", as_postgres=True)
    except ClusterError as exc:
        return f"PostgreSQL (pid {pid}) did not stop: {exc}"
    return f"stopped PostgreSQL (pid {pid}, pg_ctl stop)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("start", "stop", "status", "restart"))
    parser.add_argument("--seed", type=int, default=100, metavar="N",
                        help="seed the fictional demo with N participants (0: an empty database)")
    options = parser.parse_args(argv)
    if options.action == "status":  # exit 0 when every process make cluster started still runs
        recorded = [(name, pid, marker) for name, pid, marker in read_pids() if pid]
        running = [name for name, pid, marker in recorded if is_ours(pid, marker)]
        say(f"{len(running)} of {len(recorded)} processes running" + (f": {', '.join(running)}" if running else ""))
        return 0 if recorded and len(running) == len(recorded) else 1
    if options.action == "stop":
        for line in stop():
            say(line)
        return 0
    if options.action == "restart":
        try:
            restart()
        except ClusterError as exc:
            say(f"could not restart: {exc}")
            return 1
        return 0
    try:
        start(options.seed)
    except (ClusterError, OSError, KeyboardInterrupt) as exc:
        reason = str(exc) or type(exc).__name__
        say(f"could not start: {reason}")
        say("stopping what was started")
        for line in stop():
            say(line)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
