#!/usr/bin/env bash
# `make bench`: builds the workspaces if needed, then runs the benchmark suites (gateway fan-out, handshakes, operator) with any options
# passed through (e2e/bench/run.sh --help lists them). Needs Kafka's jars and the pinned Node
# (`make tools`); starts and stops everything it uses on loopback ports.
source "$(dirname "$0")/../infra/lib.sh"

need node "the pinned Node.js lives in .cache/node: run 'make tools'"
cd "$CMF_ROOT"
# tsc --build is incremental: a no-op when nothing changed, so always asking is cheap and safe.
log "building (tsc --build)"
npm run --silent build
# 5000 client sockets plus 5000 gateway sockets, each process its own: ask for room to spare.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec node "$CMF_ROOT/e2e/dist/bench/bench.js" "$@"
