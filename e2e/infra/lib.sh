#!/usr/bin/env bash
# Shared helpers for the infra scripts: paths, pinned versions, logging, waits.
# Sourced, never run. Every script that sources it gets `set -euo pipefail`.
set -euo pipefail

CMF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CMF_CACHE="${CMF_CACHE:-$CMF_ROOT/.cache}"
CMF_BIN="$CMF_CACHE/bin"
CMF_RUN="${CMF_RUN:-$CMF_CACHE/run}"
mkdir -p "$CMF_BIN" "$CMF_RUN"

# shellcheck source=versions.env
source "$CMF_ROOT/e2e/infra/versions.env"

# Go builds stay inside the project cache so a fresh clone never depends on the user's GOPATH.
export GOMODCACHE="$CMF_CACHE/go/mod"
export GOCACHE="$CMF_CACHE/go/build"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
export GOTOOLCHAIN=local
export PATH="$CMF_BIN:$CMF_CACHE/node/bin:$PATH"
export HELM_PLUGINS="$CMF_CACHE/helm/plugins"
export HELM_CONFIG_HOME="$CMF_CACHE/helm/config"
export HELM_CACHE_HOME="$CMF_CACHE/helm/cache"
export HELM_DATA_HOME="$CMF_CACHE/helm/data"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

need() { # need CMD "why/how to get it"
  command -v "$1" >/dev/null 2>&1 || die "missing prerequisite '$1': $2"
}

# Run a long step and print a heartbeat every 30 s so nobody mistakes it for a hang.
# Output goes to a log file; on failure the tail of that log is printed.
run_step() { # run_step "description" logfile cmd...
  local desc="$1" logf="$2"; shift 2
  local start=$SECONDS
  log "$desc ..."
  mkdir -p "$(dirname "$logf")"
  ("$@") >"$logf" 2>&1 &
  local pid=$!
  local next=$((start + 30))
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if (( SECONDS >= next )); then
      log "  ... still $desc ($((SECONDS - start)) s, log: $logf)"
      next=$((next + 30))
    fi
  done
  if ! wait "$pid"; then
    tail -n 40 "$logf" >&2 || true
    die "step failed: $desc (full log: $logf)"
  fi
  log "$desc: done in $((SECONDS - start)) s"
}

# wait_until TIMEOUT_SECONDS "what" LOGFILE cmd... : poll cmd until it succeeds.
# With WAIT_PID set, give up at once when that process exits (a crash is not worth waiting on).
wait_until() {
  local timeout="$1" what="$2" logf="$3"; shift 3
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [[ -n "${WAIT_PID:-}" ]] && ! kill -0 "$WAIT_PID" 2>/dev/null; then
      printf '[%s] ERROR: the process (pid %s) exited while waiting for %s. Last lines of %s:\n' \
        "$(date +%H:%M:%S)" "$WAIT_PID" "$what" "$logf" >&2
      tail -n 30 "$logf" >&2 2>/dev/null || true
      return 1
    fi
    if (( SECONDS >= deadline )); then
      printf '[%s] ERROR: timed out after %ss waiting for %s. Last lines of %s:\n' \
        "$(date +%H:%M:%S)" "$timeout" "$what" "$logf" >&2
      tail -n 30 "$logf" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.5
  done
}

# True when something already listens on 127.0.0.1:PORT.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Ask the kernel for a free TCP port on loopback.
free_port() { "$CMF_NODE" -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# Stop a process recorded in a pid file: TERM, wait, then KILL.
stop_pidfile() { # stop_pidfile FILE NAME [GRACE_SECONDS]
  local f="$1" name="$2" grace="${3:-20}" pid
  [[ -f "$f" ]] || { log "$name: not running"; return 0; }
  pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + grace))
    while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name did not stop in ${grace}s; killing"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$f"
}

CMF_NODE="$CMF_CACHE/node/bin/node"
[[ -x "$CMF_NODE" ]] || CMF_NODE="$(command -v node || true)"

# When CMF_OWNER_PID is set (by a test harness), stop the service recorded in PIDFILE as soon
# as that process exits, so a crashed or killed test run never leaves a broker behind.
watch_owner() { # watch_owner PIDFILE NAME
  [[ -n "${CMF_OWNER_PID:-}" ]] || return 0
  local f="$1" owner="$CMF_OWNER_PID" pid
  pid="$(cat "$f")"
  nohup bash -c "
    while kill -0 $owner 2>/dev/null && kill -0 $pid 2>/dev/null; do sleep 1; done
    if kill -0 $pid 2>/dev/null; then kill -TERM $pid; sleep 10; kill -KILL $pid 2>/dev/null; fi
  " >/dev/null 2>&1 </dev/null &
}
