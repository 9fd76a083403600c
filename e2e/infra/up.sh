#!/usr/bin/env bash
# Starts the local platform (the dev instance) and prints how to use it. Idempotent: what runs
# already is left alone. Kafka and the messenger listen on 127.100.0.1, an address the node
# agent does not rewrite in pod environments (e2e/README.md).
source "$(dirname "$0")/lib.sh"
export CMF_INSTANCE=dev
export KAFKA_HOST="${CMF_HOST_ADDRESS:-127.100.0.1}"
run_step "building the workspace (tsc --build)" "$CMF_CACHE/logs/up-build.log" \
  bash -c "cd '$CMF_ROOT' && npx --no-install tsc --build e2e/harness gateway operator e2e"
bash "$CMF_ROOT/e2e/infra/kafka.sh" start
bash "$CMF_ROOT/e2e/infra/kube.sh" start
bash "$CMF_ROOT/e2e/infra/platform.sh" start
bash "$CMF_ROOT/e2e/infra/platform.sh" info
