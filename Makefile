# CMF developer entry points. `make help` lists them; every target installs what it needs.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

CACHE   := $(CURDIR)/.cache
INFRA   := $(CURDIR)/e2e/infra
REPORTS := $(CACHE)/reports
# The pinned Node 24 and the built Go tools come first for every target.
export PATH := $(CACHE)/node/bin:$(CACHE)/bin:$(PATH)
# Native addons compile against the pinned Node's headers, not a system Node's.
export npm_config_nodedir := $(CACHE)/node

.PHONY: help up down status test check test-unit test-integration test-charts test-e2e e2e-kind bench doctor tools node clean distclean

help: ## Show the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-zA-Z0-9_-]*:.*## / {printf "  \033[36m%-17s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

up: tools ## Run the platform locally: Kafka, control plane, node agent, messenger, operator, a ChatGateway
	@bash $(INFRA)/up.sh

down: ## Stop everything `make up` started
	@bash $(INFRA)/down.sh

status: ## Show what `make up` is running
	@bash $(INFRA)/kafka.sh status || true
	@bash $(INFRA)/kube.sh status || true
	@CMF_INSTANCE=dev bash $(INFRA)/platform.sh status || true

test: ## Run every test (lint, types, unit, integration, charts, e2e); installs what it needs first
	@rm -rf $(REPORTS)
	@$(MAKE) tools
	@status=0; $(MAKE) check test-unit test-integration test-charts test-e2e || status=$$?; \
	  node $(INFRA)/test-summary.mjs $(REPORTS); exit $$status

check: node ## Lint (ESLint), format check (Prettier) and type-check/build (tsc --build)
	@npm run --silent lint
	@npm run --silent format:check
	@npm run --silent build

test-unit: node ## Unit tests of every workspace (fast, fakes allowed)
	@bash $(INFRA)/vitest.sh unit $(REPORTS)

test-integration: tools ## Integration tests against real Kafka, control plane and helm started by the tests
	@bash $(INFRA)/vitest.sh integration $(REPORTS)

test-charts: tools ## helm lint --strict and helm-unittest for every chart in charts/
	@bash $(INFRA)/test-charts.sh

test-e2e: tools ## End-to-end scenarios: the whole platform on a real control plane (e2e/test/scenarios)
	@npx --no-install tsc --build e2e/harness gateway operator e2e
	@mkdir -p $(REPORTS)
	@cd e2e && npx --no-install vitest run --project scenarios \
	  --reporter=default --reporter=json --outputFile.json=$(REPORTS)/e2e-scenarios.json

e2e-kind: tools ## The end-to-end scenarios on a kind cluster (needs a Docker engine; exits 2 without one)
	@bash $(CURDIR)/e2e/kind/run.sh

bench: tools ## Benchmarks: gateway vs raw ws, handshakes via the sidecar, operator; ARGS="--help" for options
	@bash $(CURDIR)/e2e/bench/run.sh $(ARGS)

doctor: ## One line per real component with its version, OK or MISSING
	@bash $(INFRA)/doctor.sh

tools: ## Install or build whatever is missing (Node 24, npm deps, Kafka, etcd, Kubernetes, kubectl, helm)
	@bash $(INFRA)/tools.sh

node:
	@bash $(INFRA)/bootstrap-node.sh

clean: ## Remove build outputs (keeps the tool cache)
	@rm -rf gateway/dist operator/dist e2e/dist e2e/harness/dist $(REPORTS)

distclean: down clean ## Remove the whole cache and node_modules (the next run rebuilds everything)
	@chmod -R u+w $(CACHE) 2>/dev/null || true
	@rm -rf $(CACHE) node_modules */node_modules
