#!/usr/bin/env bash
# Starts the given portico binary on a fresh embedded database and a free
# loopback port, runs the browser end-to-end tests against it, and stops it.
set -euo pipefail
bin=$(realpath "${1:?usage: run.sh path/to/portico}")
here=$(cd "$(dirname "$0")/.." && pwd)
chromium=${PORTICO_E2E_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "e2e: Chromium not found at $chromium (apt-get install chromium, or set PORTICO_E2E_CHROMIUM)" >&2
  exit 1
fi
data=$(mktemp -d)
# The payment gateway's processor: Stripe's stripe-mock behind the test-mode
# overlay (make test-e2e builds it and names it in PORTICO_E2E_STRIPE_TESTMODE).
stripe_url=
stripe_pid=
if [ -n "${PORTICO_E2E_STRIPE_TESTMODE:-}" ]; then
  coproc STRIPE { exec "$PORTICO_E2E_STRIPE_TESTMODE" 2>"$data/stripe.log"; }
  stripe_pid=$STRIPE_PID
  read -r -t 30 stripe_url <&"${STRIPE[0]}" || { echo "e2e: stripe-testmode did not start:"; cat "$data/stripe.log"; exit 1; }
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
password="E2e-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
log="$data/portico.log"
PORTICO_DATA_DIR="$data" PORTICO_ADDR="127.0.0.1:$port" PORTICO_ADMIN_PASSWORD="$password" PORTICO_MASTER_PASSWORD="$password" \
  PORTICO_OUTBOUND_ALLOW_PRIVATE=true PORTICO_JOB_POLL=200ms PORTICO_STRIPE_API_URL="$stripe_url" \
  PORTICO_DATABASE_URL= PORTICO_REDIS_URL= "$bin" >"$log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  if [ -n "$stripe_pid" ]; then kill "$stripe_pid" 2>/dev/null || true; wait "$stripe_pid" 2>/dev/null || true; fi
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "e2e: portico exited:"; cat "$log"; exit 1; }
  sleep 0.1
done
cd "$here"
PORTICO_E2E_URL="http://127.0.0.1:$port" PORTICO_E2E_STRIPE_URL="$stripe_url" PORTICO_E2E_LOGIN=admin PORTICO_E2E_PASSWORD="$password" \
  PORTICO_E2E_CHROMIUM="$chromium" npm run e2e || { echo "e2e failed; server log:"; tail -50 "$log"; exit 1; }
