"""Pages for people. Thin views: parse the request, call a service, render a template."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from glossary.models import db
from glossary.services import concepts

pages = Blueprint("pages", __name__)


@pages.get("/")
def home() -> str:
    scheme_id = current_app.config["GLOSSARY_SCHEME_ID"]
    clusters = [
        (cluster, count, concepts.cluster_concepts(db.session, cluster))
        for cluster, count in concepts.list_clusters(db.session, scheme_id)
    ]
    return render_template("home.html", clusters=clusters)
