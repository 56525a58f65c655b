"""Where the project's files are: the one module that knows the top-level layout.

The project's required layout keeps templates/, migrations/ and data/ at the top level of the
checkout, beside the glossary/ package; the package's own files (static/, translations/)
sit inside it. Every other module asks here instead of walking up from its own __file__.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGE = PROJECT_ROOT / "glossary"

TEMPLATES = PROJECT_ROOT / "templates"
MIGRATIONS = PROJECT_ROOT / "migrations"
DATA = PROJECT_ROOT / "data"
BUNDLED_CSV = DATA / "begrippenkader.csv"
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"

STATIC = PACKAGE / "static"
TRANSLATIONS = PACKAGE / "translations"
OPENAPI_DOCUMENT = PACKAGE / "api" / "openapi.yaml"
