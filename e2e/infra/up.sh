#!/usr/bin/env bash
# Starts the local platform (the dev instance) and prints how to use it. Idempotent.
# Today: Kafka and the Kubernetes control plane; the operator, gateways and the messenger
# stand-in join as they are built.
source "$(dirname "$0")/lib.sh"
export CMF_INSTANCE=dev
bash "$CMF_ROOT/e2e/infra/kafka.sh" start
bash "$CMF_ROOT/e2e/infra/kube.sh" start
kubeconfig="$(bash "$CMF_ROOT/e2e/infra/kube.sh" kubeconfig)"
cat <<TXT

CMF local platform is up (instance 'dev'):
  Kafka bootstrap      127.0.0.1:${KAFKA_PORT:-19092}
  Kubernetes API       https://127.0.0.1:${KUBE_APISERVER_PORT:-16443}

Look around:
  export KUBECONFIG=$kubeconfig
  export PATH=$CMF_BIN:\$PATH
  kubectl get --raw /readyz; kubectl get namespaces
  make status      # what is running
  make down        # stop everything

Not yet running: the operator, gateways and the messenger stand-in (they come with later issues).
TXT
