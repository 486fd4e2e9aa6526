# icsplan: `make demo` runs the plan on the built-in scenario; `make test` runs every test.
# Both bootstrap a local virtual environment from the lock file on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= out
# NHS England monthly A&E statistics (beside the project in ../shared): the Delivery section
ACTUALS ?= ../shared/data/ae_attendances.csv

.PHONY: demo app test test-fast check lint bench clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)  ## run mse-2016 end to end: results, report.html, report.pdf, results.xlsx in $(OUT)/
	bash scripts/ensure-chromium.sh
	$(BIN)/icsplan run mse-2016 --out $(OUT) --excel --pdf $(if $(wildcard $(ACTUALS)),--actuals $(ACTUALS))
	$(BIN)/icsplan check mse-2016

app: $(STAMP)  ## the web app on mse-2016 at http://127.0.0.1:8050/ (Ctrl+C to stop)
	$(BIN)/icsplan app mse-2016

test: $(STAMP)  ## lint and the whole test suite, one worker per core (installs Java, Chromium, PostgreSQL if missing)
	bash scripts/ensure-java.sh
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-postgres.sh
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/pytest -n auto

test-fast: $(STAMP)  ## lint and every test but the slow ones (Spark parity, heaviest browser journeys)
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-postgres.sh
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/pytest -n auto -m "not slow"

check: $(STAMP)
	$(BIN)/icsplan check mse-2016

bench: $(STAMP)  ## benchmarks: print their figures
	$(BIN)/python benchmarks/bench_model.py
	$(BIN)/python benchmarks/bench_population.py
	$(BIN)/python benchmarks/bench_spc.py
	$(BIN)/python benchmarks/bench_register.py
	$(BIN)/python benchmarks/bench_app.py
	$(BIN)/python benchmarks/bench_cli.py
	$(BIN)/python benchmarks/bench_uncertainty.py
	$(BIN)/python benchmarks/bench_appraisal.py
	$(BIN)/python benchmarks/bench_waiting_list.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache
