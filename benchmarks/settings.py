"""Production settings, plus the baselines' URLs: what `api_load.py` runs under gunicorn."""

from cupfaf.settings.production import *  # noqa: F401,F403

ROOT_URLCONF = "benchmarks.urls"
