"""scripts/cluster.py (make cluster): what can be checked without starting the cluster."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "cluster.py"


@pytest.fixture(scope="module")
def cluster():
    spec = importlib.util.spec_from_file_location("cluster_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["cluster_script"] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules["cluster_script"]


def sleeper(seconds: str) -> subprocess.Popen:
    return subprocess.Popen(["sleep", seconds])


def test_stop_ends_exactly_the_recorded_processes(cluster, tmp_path):
    recorded, unrecorded, reused = sleeper("61"), sleeper("62"), sleeper("63")
    pids = tmp_path / "pids"
    try:
        cluster.record_pid("worker-1", recorded.pid, "sleep 61", pids)
        # A recorded pid now held by some other program (pids are reused) is left alone.
        cluster.record_pid("worker-2", reused.pid, "db_worker", pids)
        lines = cluster.stop(pids)
        assert recorded.wait(timeout=5) == -15
        assert unrecorded.poll() is None
        assert reused.poll() is None
        assert f"stopped worker-1 (pid {recorded.pid}, SIGTERM)" in lines
        assert f"worker-2 (pid {reused.pid}) was not running" in lines
        assert not pids.exists()
        assert cluster.stop(pids) == ["nothing to stop (no cluster was started)"]
    finally:
        for process in (recorded, unrecorded, reused):
            process.kill()
            process.wait()


def test_nginx_listens_on_loopback_and_keeps_its_files_under_its_prefix(cluster, tmp_path):
    prefix = tmp_path / "nginx"
    conf = cluster.nginx_conf(prefix, tmp_path / "static", as_root=False)
    assert re.findall(r"^\s*listen (\S+)", conf, re.MULTILINE) == ["127.0.0.1:8443"]
    temp_paths = re.findall(r"^\s*(\w+_temp_path) (\S+);", conf, re.MULTILINE)
    assert {name for name, _ in temp_paths} == {
        f"{kind}_temp_path" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    }
    for directive in ("pid", "error_log", "access_log", "ssl_certificate", "ssl_certificate_key"):
        (path,) = re.findall(rf"^\s*{directive} (\S+)", conf, re.MULTILINE)
        assert path.startswith(f"{prefix}/"), directive
    assert all(path.startswith(f"{prefix}/") for _, path in temp_paths)
    upstreams = re.findall(r"server (127\.0\.0\.1:\d+) max_fails=\d+ fail_timeout=\d+s;", conf)
    assert upstreams == [f"127.0.0.1:{port}" for port in cluster.APP_PORTS]
    assert "user " not in conf
