"""Flask extensions, created once and bound to the app in create_app()."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_migrate import Migrate

from glossary.api.limits import init_limits
from glossary.config import PROJECT_ROOT
from glossary.database import init_database
from glossary.models import db
from glossary.production import init_production
from glossary.web.i18n import init_i18n

migrate = Migrate(directory=str(PROJECT_ROOT / "migrations"))


def init_extensions(app: Flask) -> None:
    db.init_app(app)
    init_database(app)
    migrate.init_app(app, db, directory=str(Path(PROJECT_ROOT) / "migrations"))
    init_production(app)
    init_i18n(app)
    init_limits(app)
