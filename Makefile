# evalbench: `make run` evaluates the default model on the bundled suite, `make test` runs the tests.
# Both install what they need on a fresh Debian machine: system libraries and the default model.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libopenblas-dev libsentencepiece-dev libsqlite3-dev pkg-config zlib1g-dev libsnappy-dev libzstd-dev
RELEASE := .build/release/evalbench
BENCH_THREADS ?= 1,2

.PHONY: run test bench bench-scale conformance mteb-interop report-check deps model build clean

run: deps model build
	$(RELEASE) run --suite default --dims 384,256,128 --precision float32,int8,binary --rescore --output Results

# Scores on the real benchmark data in ../shared/data beside the published ones (skips when absent).
conformance: deps model build
	python3 scripts/conformance.py --evalbench $(RELEASE)

test: deps model
	$(SWIFT) test

# mteb 2.26's ResultCache and TaskResult.from_disk load every file of a dims x precisions results folder
# (MTEB_PYTHON: a Python with scripts/requirements-mteb.txt installed; see scripts/check_mteb_interop.py).
MTEB_PYTHON ?= python3
mteb-interop: deps model build
	rm -rf .build/mteb-interop
	$(RELEASE) run --suite default --dims 384,256,128 --precision float32,int8,binary --limit 40 --no-cache --output .build/mteb-interop > /dev/null
	$(MTEB_PYTHON) scripts/check_mteb_interop.py .build/mteb-interop

# leaderboard.html of a dims x precisions run, rendered in headless Chromium (Debian's chromium, installed when missing):
# every plot present with its marks, the table, no script error, a non-blank PNG at .build/report-check/leaderboard.png.
report-check: deps model build
	@dpkg -s chromium >/dev/null 2>&1 || { echo "installing chromium"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }
	rm -rf .build/report-check
	$(RELEASE) run --suite default --dims 384,256,128 --precision float32,int8,binary --limit 40 --no-cache --quiet --output .build/report-check > /dev/null
	python3 scripts/check_report_html.py .build/report-check --png .build/report-check/leaderboard.png

bench: deps model build
	$(RELEASE) bench --threads $(BENCH_THREADS)

# A streamed corpus of SCALE_PASSAGES synthetic passages across two stand-in servers (needs numpy; see README).
SCALE_PASSAGES ?= 1000000
bench-scale: deps build
	python3 scripts/scale/bench_scale.py --passages $(SCALE_PASSAGES) --evalbench $(RELEASE)

build: deps
	$(SWIFT) build -c release --product evalbench

# System libraries, installed only when missing.
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing $$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

# The default model, into the Hugging Face cache.
model:
	@scripts/provision-model.sh

clean:
	rm -rf .build
