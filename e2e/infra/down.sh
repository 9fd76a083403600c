#!/usr/bin/env bash
# Stops everything `make up` started; safe to run when nothing is running. The node agent stops
# every pod's processes before the control plane goes.
source "$(dirname "$0")/lib.sh"
export CMF_INSTANCE=dev
bash "$CMF_ROOT/e2e/infra/platform.sh" stop
bash "$CMF_ROOT/e2e/infra/kube.sh" stop
bash "$CMF_ROOT/e2e/infra/kafka.sh" stop
