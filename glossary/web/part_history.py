"""The public history of a cluster (/cluster/<id>/geschiedenis), a source
(/bronnen/<key>/geschiedenis) and the scheme's texts (/over/geschiedenis): the published
versions with dates and change notes, and a word-level diff between any two, as a concept's
history page has them (the same macros, the same diff). A removed cluster or source keeps
its history here, its last version marked "removed"; the workspace's page
(glossary.web.workspace_part_history) adds authors and "restore as draft"."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from glossary.database import db_session
from glossary.editing.part_history import PartVersionView, part_diff, part_versions
from glossary.editing.part_json import CLUSTER, SCHEME, SOURCE
from glossary.http import current
from glossary.records import ClusterRecord, SourceRecord
from glossary.urls import source_anchor
from glossary.web.concept_form import ordered_languages
from glossary.web.history import Comparison, FieldChange, compare
from glossary.web.i18n import language_name

part_history = Blueprint("part_history", __name__)


def field_titles() -> dict[str, str]:
    """A reader's name of each field a part's diff shows (the CSV's column names)."""
    return {
        "title": _("Title"),
        "description": _("Description"),
        "position": _("Place among the clusters"),
        "citation": _("Citation"),
        "author": _("Author"),
        "year": _("Year"),
        "date": _("Date"),
        "publisher": _("Publisher"),
        "place": _("Place of publication"),
        "url": _("Web address"),
        "language": _("Language"),
        "entry": _("Bibliography entry"),
    }


def part_changes(old: PartVersionView, new: PartVersionView) -> list[FieldChange]:
    """Each field that differs between two versions as a word diff, titled for a reader,
    the source language first."""
    changes = part_diff(old, new)
    titles = field_titles()
    langs = {name.partition("@")[2] for name in changes} - {""}
    order = ordered_languages(sorted(langs), current.source_language())

    def place(name: str) -> tuple[int, str]:
        lang = name.partition("@")[2]
        return (order.index(lang) if lang in order else -1, name)

    shown = []
    for name in sorted(changes, key=place):
        field, _at, lang = name.partition("@")
        title = titles.get(field, field)
        shown.append(
            FieldChange(
                f"{title} ({language_name(lang)})" if lang else title, lang or None, changes[name]
            )
        )
    return shown


def part_label(view: PartVersionView) -> str:
    """What a part is called on its history page: a cluster's title, a source's citation."""
    record = view.record
    if isinstance(record, ClusterRecord):
        return record.titles.get(current.source_language()) or record.id
    if isinstance(record, SourceRecord):
        return record.citation or record.key
    return str(_("the scheme's texts"))


def history_page(kind: str, key: str) -> tuple[list[PartVersionView], Comparison, str]:
    """The versions of a part (404 when it never was published), the comparison the query
    asks for and the part's name."""
    found = part_versions(db_session(), current.scheme_id(), kind, key)
    if not found:
        abort(404)
    newest = max(found, key=lambda view: view.version)
    return found, compare(found, request.args, part_changes), part_label(newest)


def _render(kind: str, key: str, back: str | None) -> ResponseReturnValue:
    found, comparison, label = history_page(kind, key)
    return render_template(
        "history.html",
        label=label,
        back=back,
        intro=_("Every published version is kept. Choose two versions to see what changed."),
        same=_("The texts are the same in both versions."),
        versions=found,
        comparison=comparison,
    )


@part_history.get("/cluster/<cluster_id>/geschiedenis")
def cluster_versions(cluster_id: str) -> ResponseReturnValue:
    return _render(CLUSTER, cluster_id, url_for("pages.cluster", cluster_id=cluster_id))


@part_history.get("/bronnen/<source_key>/geschiedenis")
def source_versions(source_key: str) -> ResponseReturnValue:
    back = url_for("pages.sources") + "#" + source_anchor(source_key)
    return _render(SOURCE, source_key, back)


@part_history.get("/over/geschiedenis")
def scheme_versions() -> ResponseReturnValue:
    return _render(SCHEME, current.scheme_id(), url_for("pages.about"))
