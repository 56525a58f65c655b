"""Begrippenkader: a terminology service for the Flemish youth and family support sector."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask

from glossary.config import settings_from_env
from glossary.extensions import init_extensions
from glossary.http import init_http
from glossary.http.problems import register_error_handlers
from glossary.paths import DEFAULT_INSTANCE, TEMPLATES
from glossary.urls import init_public_urls


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Application factory: configuration, extensions and blueprints — nothing else."""
    instance_path = Path(os.environ.get("GLOSSARY_INSTANCE_PATH", DEFAULT_INSTANCE))
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        template_folder=str(TEMPLATES),
    )
    app.config.from_mapping(settings_from_env(instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=app.config["LOG_LEVEL"])

    init_extensions(app)
    register_error_handlers(app)
    init_http(app)
    init_public_urls(app)
    _register_blueprints(app)
    from glossary.web.login import init_login

    init_login(app)
    from glossary.web.sso import init_sso

    init_sso(app)
    from glossary.web.plain_view import init_plain_view

    init_plain_view(app)

    from glossary.cli import glossary_cli

    app.cli.add_command(glossary_cli)
    return app


def _register_blueprints(app: Flask) -> None:
    from glossary.api.drafts import api_drafts
    from glossary.api.feedback import api_feedback
    from glossary.api.history_json import api_part_history
    from glossary.api.me import api_me
    from glossary.api.openapi import openapi
    from glossary.api.part_drafts import api_part_drafts
    from glossary.api.releases import api_releases
    from glossary.api.search import api_search
    from glossary.api.skosmos import skosmos
    from glossary.api.v1 import api_v1
    from glossary.web import (
        releases_admin,  # noqa: F401  (adds its routes to workspace)
        workspace_consultation,  # noqa: F401  (adds its routes to workspace)
        workspace_feedback,  # noqa: F401  (adds its routes to workspace)
    )
    from glossary.web.concept_map import concept_maps
    from glossary.web.consultation import consultation_pages
    from glossary.web.embed import embed
    from glossary.web.exports import exports
    from glossary.web.feedback import feedback
    from glossary.web.health import health
    from glossary.web.icons import icons
    from glossary.web.linked_data import linked_data
    from glossary.web.pages import pages
    from glossary.web.releases import releases
    from glossary.web.sso import sso
    from glossary.web.workspace import workspace

    app.register_blueprint(pages)
    app.register_blueprint(health)
    app.register_blueprint(icons)
    app.register_blueprint(exports)
    app.register_blueprint(api_v1)
    app.register_blueprint(api_search)
    app.register_blueprint(api_releases)
    app.register_blueprint(skosmos)
    app.register_blueprint(openapi)
    app.register_blueprint(embed)
    app.register_blueprint(concept_maps)
    app.register_blueprint(api_me)
    app.register_blueprint(api_feedback)
    app.register_blueprint(api_drafts)
    app.register_blueprint(api_part_drafts)
    app.register_blueprint(api_part_history)
    app.register_blueprint(workspace)
    app.register_blueprint(sso)
    app.register_blueprint(feedback)
    app.register_blueprint(releases)
    app.register_blueprint(consultation_pages)
    app.register_blueprint(linked_data)  # last: its URI routes yield to the others
