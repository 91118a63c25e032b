# make test                     - install what is missing, build (debug) and run all tests on tiny data
# make bench [GROUP=g] [WAVE=w] [ARGS="..."]
#                               - install what is missing, build release, run the benchmarks
# make harness                  - the harness self-checks (release)
# make seed-tiny ... seed-enterprise
#                               - seed a wave's database into .benchdata/ (reused when valid)
# make ab [BASE=rev] [HEAD=rev] [GROUP=g] [ARGS="..."]
#                               - same-host A/B of two revisions (HEAD: the working tree), exit 1 on regression
# make noise [GROUP=g]          - measure this machine's run-to-run noise (used by ab and compare)
# make load SCENARIO=name|path [WAVE=w] [ARGS="..."]
#                               - run a load scenario (Scenarios/), exit 1 when an assertion fails
# make soak [WAVE=w] [DURATION=10m]
#                               - the soak scenario for DURATION (up to 720h) with its leak verdict
# make baseline-save [WAVE=w]   - run the suite and replace Baselines/<wave>.json (a history point, not a PR gate)
# make report [GROUP=g] [WAVE=w] - run the benchmarks and write reports/run.json and reports/report.html
# make scale [GROUP=g] [WAVES=tiny,small,medium,large]
#                               - capacity across waves: reports/capacity.json and reports/capacity.html
# make example                  - build and run Examples/token-bucket (gatebench used on other code)
# make postgres | postgres-stop - a private PostgreSQL on loopback under .benchdata/postgres (scripts/postgres.sh)
# make redis | redis-stop       - a private Redis on loopback under .benchdata/redis (scripts/redis.sh)
# make http                     - build bench with HTTP federation (trait HTTPFederation) into .build-http/release/bench
# make matrix [WAVE=w]          - every engine combination, one table: reports/matrix.{json,html} (servers started as needed)
# make flamegraph-analysis [GROUP=g] [DURATION=s]
#                               - perf flame graphs of the measured rounds of each group into reports/
# make deps                     - install the system packages (apt-get as root; else print the command)
# make lint                     - swift format lint
# make clean                    - remove build products
# Benchmarks always build with -c release: debug timings are meaningless.

SWIFT ?= swift
WAVE ?= small
GROUP ?=
ARGS ?=
GROUP_FLAGS := $(foreach g,$(GROUP),--group $(g))

default: test

deps:
	scripts/install-deps.sh

test:
	scripts/install-deps.sh test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: deps
	$(SWIFT) build -c release --product bench
	.build/release/bench $(GROUP_FLAGS) --wave $(WAVE) $(ARGS)

harness: deps
	$(SWIFT) build -c release --product bench
	.build/release/bench --group harness $(ARGS)

seed-%: deps
	$(SWIFT) build -c release --product bench
	.build/release/bench seed --wave $*

BASE ?= origin/main
HEAD ?=

ab: deps
	$(SWIFT) build -c release --product bench
	.build/release/bench ab $(BASE) $(HEAD) $(GROUP_FLAGS) --wave $(WAVE) $(ARGS)

noise: deps
	$(SWIFT) build -c release --product bench
	.build/release/bench noise $(GROUP_FLAGS) --wave $(WAVE) $(ARGS)

SCENARIO ?= default-mix

load: deps
	$(SWIFT) build -c release --product bench
	.build/release/bench load --scenario $(SCENARIO) --wave $(WAVE) $(ARGS)

DURATION ?= 10m

soak: deps
	$(SWIFT) build -c release --product bench
	.build/release/bench load --scenario soak --wave $(WAVE) --duration $(DURATION) $(ARGS)

baseline-save: deps
	$(SWIFT) build -c release --product bench
	.build/release/bench --wave $(WAVE) --save $(WAVE) --force $(ARGS)

PROFILE_GROUPS := $(if $(GROUP),$(GROUP),multi_tenancy tool_service cache federation heartbeat)
DURATION ?= 2

flamegraph-analysis: deps
	$(SWIFT) build -c release --product bench
	for group in $(PROFILE_GROUPS); do \
		.build/release/bench --wave $(WAVE) --group $$group --profile cpu --max-time $(DURATION) --force --quiet || exit $$?; \
	done
	@echo "flame graphs: reports/flamegraph-*.svg (folded stacks beside them)"

report: deps
	$(SWIFT) build -c release --product bench
	mkdir -p reports
	.build/release/bench $(GROUP_FLAGS) --wave $(WAVE) --json reports/run.json --report reports/report.html --force $(ARGS)

WAVES ?= tiny,small,medium,large

scale: deps
	$(SWIFT) build -c release --product bench
	mkdir -p reports
	.build/release/bench scale $(GROUP_FLAGS) --waves $(WAVES) --json reports/capacity.json --report reports/capacity.html --force $(ARGS)

example: deps
	cd Examples/token-bucket && $(SWIFT) build -c release && .build/release/token-bucket-bench $(ARGS)

postgres:
	scripts/postgres.sh start

postgres-stop:
	scripts/postgres.sh stop

redis:
	scripts/redis.sh start

redis-stop:
	scripts/redis.sh stop

# A build directory of its own: switching the trait in .build would rebuild everything each time.
http: deps
	$(SWIFT) build -c release --product bench --traits HTTPFederation --scratch-path .build-http

matrix: deps
	$(SWIFT) build -c release --product bench
	mkdir -p reports
	.build/release/bench matrix --wave $(WAVE) --json reports/matrix.json --report reports/matrix.html --force $(ARGS)

lint:
	$(SWIFT) format lint -r Sources Tests Benchmarks

clean:
	rm -rf .build

.PHONY: default deps test bench harness ab noise load soak baseline-save report scale example postgres postgres-stop redis redis-stop http matrix flamegraph-analysis lint clean
