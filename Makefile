# Attune: `make run` serves it locally, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
TEST_REDIS_URL := $(if $(REDIS_URL),$(REDIS_URL),redis://127.0.0.1:6379/0)
# pytest-xdist workers for `make test` (0: one process). Whole files go to a
# worker (--dist loadfile), so a module's shared server stays in one process.
TEST_WORKERS ?= 2

.PHONY: install run test bench lint clean coach-model

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,lint,train]'
	@touch $@

install: $(VENV)/.installed

# Retrain the I-statement coach model from the labelled statements (after adding
# or changing any of tests/exercises/i_statements/cases*.jsonl or the rules).
coach-model: install
	$(PY) -m exercises.i_statements.training

run: install
	@$(PY) scripts/local_env.py
	$(PY) manage.py migrate --noinput
	@$(PY) manage.py demo --if-empty --base-url http://127.0.0.1:$(PORT)
	@echo "Attune is starting at http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	@$(PY) scripts/ensure_redis.py "$(TEST_REDIS_URL)"
	@if test -x /usr/bin/chromium || command -v chromium >/dev/null 2>&1; then \
	  echo "Browser tests (tests/e2e): Chromium found, they run (screenshots in test-output/screenshots/)."; \
	else \
	  echo "Browser tests (tests/e2e) SKIPPED: Chromium is not installed. Install it with 'apt-get install chromium' (.ci/run does)."; \
	fi
	REDIS_URL="$(TEST_REDIS_URL)" CHANNEL_PREFIX="attune-test-$$$$" $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

bench: install
	$(PY) -m pip install --quiet -e '.[test,bench]'
	@$(PY) scripts/ensure_redis.py "$(TEST_REDIS_URL)"
	REDIS_URL="$(TEST_REDIS_URL)" $(PY) -m bench $(BENCH_ARGS)

lint: install
	$(PY) -m ruff check couples exercises tests bench
	$(PY) -m mypy

clean:
	rm -rf $(VENV) .pytest_cache staticfiles test-output tests/e2e/node_modules
