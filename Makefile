# Portico — every developer command is a target here; `make help` lists them.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO        ?= go
GOFMT     ?= $(shell $(GO) env GOROOT)/bin/gofmt
BIN       := bin/portico
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
# Every build is static (pure Go: the embedded SQLite too), so the binary runs
# in an image with nothing else, and tests, builds and the image share one
# build cache.
export CGO_ENABLED := 0
NPM       := npm --prefix frontend
FRONT_SRC := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/package.json -type f 2>/dev/null)
# PostgreSQL database the migration generator replays migrations into (emptied first).
DEV_DB_ADMIN ?= postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable
DEV_DB_NAME  ?= portico_atlas_dev

.PHONY: help
help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "}; /^[a-zA-Z0-9_-]+:.*## / {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: run
run: build ## Build and start Portico on the embedded database (./data); prints where to log in
	./$(BIN)

.PHONY: build
build: frontend ## Build the portico binary (with the admin console) into bin/
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./server/cmd/portico

.PHONY: image
image: frontend ## Write the container image to bin/portico-image.tar without Docker (docker load / podman load -i it)
	GOOS=linux GOARCH=amd64 $(GO) build -ldflags "-s -w -X main.version=$(VERSION)" -o bin/portico-linux-amd64 ./server/cmd/portico
	$(GO) run ./server/cmd/portico-image -bin bin/portico-linux-amd64 -version $(VERSION) -o bin/portico-image.tar

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	$(NPM) ci --no-audit --no-fund
	@touch $@

.PHONY: frontend-deps
frontend-deps: frontend/node_modules/.package-lock.json ## Install the admin console's npm packages

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONT_SRC)
	$(NPM) run build

.PHONY: frontend
frontend: frontend/dist/index.html ## Build the admin console into frontend/dist (only when its sources changed)

.PHONY: test
test: test-go test-frontend test-e2e ## Run every test: Go (SQLite, plus PostgreSQL/Redis when PORTICO_TEST_* are set), SPA unit tests, browser end-to-end tests

.PHONY: test-go
test-go: stripe-mock ## Run the Go tests (the server, and the Kubernetes chart in server/deploy, its own module)
	$(GO) test -count=1 -timeout 15m ./...
	cd server/deploy && $(GO) test -count=1 ./...

STRIPE_MOCK_VERSION := v0.203.0

.PHONY: stripe-mock
stripe-mock: bin/stripe-mock ## Install Stripe's stripe-mock (the payment tests run it) into bin/
bin/stripe-mock:
	GOBIN=$(CURDIR)/bin $(GO) install github.com/stripe/stripe-mock@$(STRIPE_MOCK_VERSION)

.PHONY: test-frontend
test-frontend: frontend-deps ## Type-check, lint and unit-test the admin console
	$(NPM) run typecheck
	$(NPM) run lint
	$(NPM) test

.PHONY: test-e2e
test-e2e: build stripe-mock ## Drive the real binary with headless Chromium (needs /usr/bin/chromium), its payment gateway on stripe-mock
	$(GO) build -o bin/stripe-testmode ./server/payments/stripetest/cmd/stripe-testmode
	PORTICO_STRIPE_MOCK=$(CURDIR)/bin/stripe-mock PORTICO_E2E_STRIPE_TESTMODE=$(CURDIR)/bin/stripe-testmode ./frontend/e2e/run.sh $(BIN)

.PHONY: generate
generate: ## Regenerate ent, gqlgen and the GraphQL TypeScript types
	$(GO) run ./ent/entc.go
	$(GO) tool gqlgen generate
	$(MAKE) --no-print-directory frontend-deps
	$(NPM) run codegen

.PHONY: migration
migration: ## Write a new versioned migration from the ent schema: make migration NAME=add_something
	@test -n "$(NAME)" || { echo "usage: make migration NAME=what_changed"; exit 2; }
	psql "$(DEV_DB_ADMIN)" -qc 'DROP DATABASE IF EXISTS $(DEV_DB_NAME)' -c 'CREATE DATABASE $(DEV_DB_NAME)'
	PORTICO_DEV_DATABASE_URL="$(subst /postgres?,/$(DEV_DB_NAME)?,$(DEV_DB_ADMIN))&search_path=public" $(GO) run ./ent/migrate/diff.go $(NAME)

.PHONY: generate-check
generate-check: generate ## Fail when generated code or migrations are out of date with their sources
	$(MAKE) --no-print-directory migration NAME=drift_check
	@if [ -n "$$(git status --porcelain -- ent graph frontend/src/gql server/store/migrations gqlgen.yml go.mod go.sum)" ]; then \
		echo "generated files differ from the committed ones (run make generate / make migration and commit):"; \
		git status --porcelain -- ent graph frontend/src/gql server/store/migrations gqlgen.yml go.mod go.sum; \
		git diff --stat -- ent graph frontend/src/gql server/store/migrations; \
		exit 1; \
	fi
	@echo "generated code and migrations are up to date"

.PHONY: lint
lint: ## gofmt, go vet and staticcheck (generated packages are vetted and formatted, not style-checked)
	@unformatted=$$($(GOFMT) -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './frontend/*')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	cd server/deploy && $(GO) vet ./...
	$(GO) tool staticcheck $$($(GO) list ./... | grep -v -e '/ent$$' -e '/ent/' -e '/graph/generated')

.PHONY: clean
clean: ## Remove build output (not the data directory)
	rm -rf bin frontend/dist/assets frontend/dist/index.html

.PHONY: bench-analytics
bench-analytics: ## Load ~20 million usage buckets into PostgreSQL (PORTICO_BENCH_DATABASE_URL, default the local server; kept for the next run, BENCH_ARGS=-reload loads again) and time the analytics queries: p50, p99
	$(GO) run ./server/bench/analytics $(BENCH_ARGS)

.PHONY: bench-billing
bench-billing: ## Bill 10,000 accounts × 3 applications on PostgreSQL (PORTICO_BENCH_DATABASE_URL, default the local server; a fresh database each run) and print the time and accounts/s
	$(GO) run ./server/bench/billing $(BENCH_ARGS)

.PHONY: bench-authrep
bench-authrep: build ## Benchmark the decision plane (authrep, one hot application, authorize, 409, 403, report batches; in-process and Redis) against a static baseline, failing on SQL issued outside background jobs; BENCH_ARGS="-pin -cpuprofile DIR -trace DIR" adds pinned p99, profiles and traces, BENCH_ARGS="-scenarios authrep,timed" measures authrep with log[response_time]
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	$(GO) run ./server/bench/authrep -bin $(BIN) $(BENCH_ARGS)
