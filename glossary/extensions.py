"""Flask extensions, created once and bound to the app in create_app()."""

from __future__ import annotations

from flask import Flask
from flask_migrate import Migrate

from glossary.database import init_database
from glossary.http.limits import init_limits
from glossary.models import db
from glossary.paths import MIGRATIONS
from glossary.production import init_production
from glossary.web.i18n import init_i18n

migrate = Migrate(directory=str(MIGRATIONS))


def init_extensions(app: Flask) -> None:
    db.init_app(app)
    init_database(app)
    migrate.init_app(app, db)
    init_production(app)
    init_i18n(app)
    init_limits(app)
