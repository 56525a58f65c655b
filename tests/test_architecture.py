"""The floors of glossary/ hold: imports go down only, files stay small, walls stay walls.

Floors, lowest first (docs/architecture.md draws them). A module may import from its own
floor and the floors below it, never from one above. Adding a package or module is one line
in FLOORS; a module in no entry fails `test_every_module_has_a_floor`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from glossary.paths import PACKAGE

GROUND, DATA, FORMATS, ENGINES, SERVICES, HTTP, SURFACES = range(7)

# Module or package → floor. A module takes the floor of its longest listed prefix.
FLOORS: dict[str, int] = {
    "glossary.text": GROUND,
    "glossary.links": GROUND,
    "glossary.model_enums": GROUND,
    "glossary.readability": GROUND,
    "glossary.records": GROUND,
    "glossary.field_problems": GROUND,
    "glossary.secret_tokens": GROUND,
    "glossary.timeutil": GROUND,
    "glossary.lru": GROUND,
    "glossary.paths": GROUND,
    "glossary.config": GROUND,
    "glossary.urls": GROUND,
    "glossary.models": DATA,
    "glossary.database": DATA,
    "glossary.data_revision": DATA,
    "glossary.scheme_concepts": DATA,
    "glossary.language": DATA,
    "glossary.formats": FORMATS,
    "glossary.search": ENGINES,
    "glossary.importing": ENGINES,
    "glossary.services": SERVICES,
    "glossary.accounts": SERVICES,
    "glossary.accounts.models": DATA,
    "glossary.accounts.cli": SURFACES,
    "glossary.feedback": SERVICES,
    "glossary.feedback.models": DATA,
    "glossary.feedback.cli": SURFACES,
    "glossary.releases": SERVICES,
    "glossary.releases.models": DATA,
    "glossary.releases.cli": SURFACES,
    "glossary.editing": SERVICES,
    "glossary.consultation": SERVICES,
    "glossary.consultation.models": DATA,
    "glossary.consultation.cli": SURFACES,
    "glossary.editing.models": DATA,
    "glossary.editing.version_rows": DATA,
    "glossary.editing.record_json": GROUND,
    "glossary.editing.part_json": GROUND,
    "glossary.http": HTTP,
    "glossary.security": HTTP,
    "glossary.requestlog": HTTP,
    "glossary.api": SURFACES,
    "glossary.web": SURFACES,
    "glossary.cli": SURFACES,
    "glossary.cli_retention": SURFACES,
    "glossary.extensions": SURFACES,
    "glossary.production": SURFACES,
    "glossary": SURFACES,  # the app factory, glossary/__init__.py
}

MAX_LINES = 500
# Packages whose code takes what it needs as arguments: no request, no app, no `g`.
REQUEST_FREE = (
    "glossary.services",
    "glossary.search",
    "glossary.importing",
    "glossary.accounts.models",
    "glossary.accounts.users",
    "glossary.accounts.tokens",
    "glossary.accounts.audit",
    "glossary.accounts.passwords",
    "glossary.feedback.models",
    "glossary.feedback.submissions",
    "glossary.feedback.mail",
    "glossary.feedback.privacy",
    "glossary.editing",
    "glossary.releases.store",
    "glossary.releases.diff",
    "glossary.releases.frozen",
    "glossary.releases.models",
    "glossary.consultation",
)
FLASK_REQUEST_STATE = {"g", "request", "current_app", "session", "has_request_context"}


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def floor_of(module: str) -> int | None:
    """The floor of a module: that of its longest prefix in FLOORS."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        floor = FLOORS.get(".".join(parts[:end]))
        if floor is not None:
            return floor
    return None


def _is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """(line, module) for every glossary module `path` imports, lazily or not."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "glossary":
                    yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "glossary":
                continue
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                yield node.lineno, submodule if _is_module(submodule) else node.module


def test_every_module_has_a_floor() -> None:
    assert [module for module, _ in _modules() if floor_of(module) is None] == []


def test_no_module_imports_from_a_higher_floor() -> None:
    upward = []
    for module, path in _modules():
        own = floor_of(module)
        assert own is not None
        for line, target in imported_modules(path):
            target_floor = floor_of(target)
            if target_floor is None or target_floor <= own:
                continue
            upward.append(f"{path.relative_to(PACKAGE.parent)}:{line} {module} -> {target}")
    assert upward == []


def test_no_file_in_glossary_is_over_500_lines() -> None:
    long_files = {
        str(path.relative_to(PACKAGE.parent)): lines
        for _, path in _modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long_files == {}


def test_whoosh_is_imported_only_by_the_engine_adapter() -> None:
    adapter = PACKAGE / "search" / "engine"
    importers = []
    for _, path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if (
                any(name.split(".")[0] == "whoosh" for name in names)
                and adapter not in path.parents
            ):
                importers.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert importers == []


def _request_state_uses(path: Path) -> Iterator[str]:
    """Where `path` reads Flask's request state: g, request, current_app, the session."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "flask":
            for alias in node.names:
                if alias.name in FLASK_REQUEST_STATE:
                    yield f"{path.relative_to(PACKAGE.parent)}:{node.lineno} flask.{alias.name}"
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "flask"
            and node.attr in FLASK_REQUEST_STATE
        ):
            yield f"{path.relative_to(PACKAGE.parent)}:{node.lineno} flask.{node.attr}"


def test_services_search_and_importing_never_read_the_request() -> None:
    found = [
        use
        for module, path in _modules()
        if module.startswith(REQUEST_FREE)
        for use in _request_state_uses(path)
    ]
    assert found == []


def test_the_floor_check_sees_an_upward_import(tmp_path: Path) -> None:
    """The checks above are only as good as the import reader: it must see every form."""
    source = tmp_path / "sample.py"
    source.write_text(
        "import glossary.api.v1\n"
        "from glossary.services import concepts\n"
        "from glossary.models import db\n"
        "def late():\n"
        "    from glossary.web.pages import pages\n",
        encoding="utf-8",
    )
    found = [module for _, module in imported_modules(source)]
    assert found == [
        "glossary.api.v1",
        "glossary.services.concepts",
        "glossary.models",
        "glossary.web.pages",
    ]
    assert [floor_of(module) for module in found] == [SURFACES, SERVICES, DATA, SURFACES]
