"""The house has no cycles: apps depend in one direction, `clubs ← competitions ← matches ←
sanctions`, every app may use `cupfaf`, which uses none of them (but for its URL wiring), and the
plain-Python modules import nothing from Django or the apps. README.md, "Architecture", says the same."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["cupfaf", "clubs", "competitions", "matches", "sanctions"]
APPS = set(LAYERS)
# The project's wiring: URLs name every app's views, settings name every app.
WIRING = {"cupfaf/urls.py", "cupfaf/api_urls.py"}
# Plain Python: the regulation engine, the draw algorithm and the parsers take facts, return decisions.
PURE = ["competitions/regulation", "competitions/published_draw.py", "competitions/stages.py", "clubs/names.py"]


def modules():
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" not in relative:
                yield relative, path


def imported(path):
    """The top-level packages `path` imports (relative imports stay in their own app)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def allowed(app):
    """An app may import `cupfaf` and the apps below it; `cupfaf` none."""
    if app == "cupfaf":
        return set()
    return {"cupfaf", *LAYERS[1 : LAYERS.index(app)]}


def test_apps_depend_in_one_direction():
    wrong = []
    for relative, path in modules():
        if relative in WIRING or relative.startswith("cupfaf/settings/"):
            continue
        app = relative.split("/")[0]
        for package in set(imported(path)) & APPS - {app} - allowed(app):
            wrong.append(f"{relative} imports {package}")
    assert wrong == []


@pytest.mark.parametrize("place", PURE)
def test_plain_python_imports_nothing_from_django_or_the_apps(place):
    paths = sorted((ROOT / place).rglob("*.py")) if (ROOT / place).is_dir() else [ROOT / place]
    wrong = [
        f"{path.relative_to(ROOT)} imports {package}"
        for path in paths
        for package in imported(path)
        if package in APPS | {"django", "rest_framework"}
    ]
    assert wrong == []


def test_the_rule_catches_an_import_that_breaks_it(tmp_path):
    """The check itself can fail: an upward import is seen."""
    upward = tmp_path / "x.py"
    upward.write_text("from sanctions.models import Sanction\nimport matches.services\n", encoding="utf-8")
    assert {"sanctions", "matches"} - allowed("competitions") <= set(imported(upward))


def test_each_app_starts_with_its_own_config():
    """An app whose config is not loaded plugs nothing in (cupfaf's roles and cache signals, sanctions' ports)."""
    from django.apps import apps

    from cupfaf.apps import CupfafConfig

    assert type(apps.get_app_config("cupfaf")) is CupfafConfig
    for label in ("clubs", "competitions", "matches", "sanctions"):
        assert type(apps.get_app_config(label)).__module__ == f"{label}.apps"
