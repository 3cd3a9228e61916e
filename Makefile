# MynaEvents developer entry points. Logic lives in infra/*.sh; see `make help`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Extra arguments for the benchmark: make bench BENCH_ARGS="--duration 5"
BENCH_ARGS ?=

.PHONY: help build run test demo bench codegen sweep-retention rebuild-projection pg-down clean

help: ## Show this help
	@echo "Usage: make <target>"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-9s %s\n", $$1, $$2}'

build: ## dotnet build (Release)
	dotnet build MynaEvents.sln -c Release

# Wolverine 6 compiles nothing at run time: the server loads its handler code from
# src/MynaEvents.Server/Internal/Generated. Regenerate after changing a handler (a test fails
# while the checked-in code is stale).
codegen: ## Regenerate Wolverine's handler code into src/MynaEvents.Server/Internal/Generated (commit it)
	@infra/codegen.sh

run: ## Run the server on http://127.0.0.1:5080 (uses MYNA_DB or a private cluster at .data/pg)
	@infra/run.sh

test: ## Run all tests against a private cluster; last line: "N passed, N failed"
	@infra/test.sh

demo: ## A scripted reception session with the virtual My Number card against `make run`'s server
	@infra/demo.sh

bench: ## Run the benchmark against a private cluster (BENCH_ARGS="...")
	@infra/bench.sh $(BENCH_ARGS)

# The maintenance verbs run with `make run`'s environment (infra/env.sh): MYNA_DB or .data/pg,
# Development unless ASPNETCORE_ENVIRONMENT is set, so the development master key applies.
sweep-retention: ## Run one 翌月末 retention sweep with `make run`'s environment (MYNA_DB or .data/pg) and exit
	@infra/server-verb.sh sweep-retention

rebuild-projection: ## Rebuild one projection and follow its progress (a running server does the work): NAME=<projection>
	@if [[ -z "$(NAME)" ]]; then echo "usage: make rebuild-projection NAME=<projection>, e.g. NAME=facility_checks" >&2; exit 2; fi
	@infra/server-verb.sh rebuild-projection $(NAME)

pg-down: ## Stop the `make run` database cluster (.data/pg)
	@infra/pg.sh down .data/pg

# Clusters are destroyed through pg.sh (not just rm -rf .data): as root their
# files live outside the repo and .data only holds symlinks to them.
clean: ## Stop and delete all local clusters, remove bin/, obj/ and .data/
	@shopt -s nullglob; for d in .data/*; do \
		if [[ -L $$d || -f $$d/PG_VERSION ]]; then infra/pg.sh destroy "$$d"; fi; \
	done
	find . \( -path ./.git -o -path ./.data \) -prune -o -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
	rm -rf .data
