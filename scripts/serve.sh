#!/usr/bin/env bash
# Serve the web app, the background task worker and the periodic queuer together; stopping one stops all.
set -uo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"

cleanup() {
  trap - EXIT INT TERM
  kill $(jobs -p) 2>/dev/null
  wait 2>/dev/null
}
trap cleanup EXIT INT TERM

.venv/bin/python manage.py run_worker --interval 1 &
.venv/bin/python manage.py run_periodic --every 300 &
.venv/bin/python manage.py runserver "127.0.0.1:${PORT}" &
.venv/bin/python manage.py demo_signins --port "${PORT}" || true

# The lines above scroll away while the server starts: say them again once it answers.
answers() {
  .venv/bin/python -c "import sys, urllib.request
try:
    sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:${PORT}/healthz', timeout=2).status == 200 else 1)
except Exception:
    sys.exit(1)"
}
for _ in $(seq 1 120); do
  if answers; then
    echo
    echo "The server answers."
    .venv/bin/python manage.py demo_signins --port "${PORT}" || true
    break
  fi
  sleep 0.5
done

# Whichever stops first (a crash or Ctrl-C), stop the others too.
wait -n
