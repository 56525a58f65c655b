"""The concept editor of the workspace: the form, the Markdown preview, drafts and review in
the browser's terms (forms with CSRF tokens), the version conflict page, the history pages,
and XSS payloads typed into every field staying inert wherever the text is shown."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from glossary.accounts.models import Role
from glossary.importing import Rules, apply_change, export_framework, plan_change
from glossary.models import db
from glossary.records import ConceptRecord, Framework, LanguageLabels
from glossary.web.concept_form import form_from_record, record_from_form
from tests.accounts import add_user, csrf_token, sign_in
from tests.conftest import SCHEME_ID, make_app

EDITOR = "editor@example.org"
OTHER_EDITOR = "other-editor@example.org"
REVIEWER = "reviewer@example.org"
CONCEPT = "roadmap"
OLD_DEFINITION_PART = "stappenplan"
NEW_DEFINITION = "Een **plan** in stappen, nieuw geschreven in de werkruimte."


def stored(app: Flask, slug: str = CONCEPT) -> ConceptRecord:
    with app.app_context():
        framework, _ = export_framework(db.session, SCHEME_ID)
        return next(record for record in framework.concepts if record.slug == slug)


@pytest.fixture
def people(app: Flask) -> dict[str, FlaskClient]:
    """A signed-in client for an editor, a second editor and a reviewer."""
    clients = {}
    for email, role in (
        (EDITOR, Role.EDITOR),
        (OTHER_EDITOR, Role.EDITOR),
        (REVIEWER, Role.REVIEWER),
    ):
        add_user(app, email, role)
        client = app.test_client()
        assert sign_in(client, email).status_code == 302
        clients[email] = client
    return clients


def editor_values(client: FlaskClient, slug: str = CONCEPT) -> dict[str, str]:
    """Every field of the editor's form as the page fills it in (what a browser would post)."""
    page = client.get(f"/beheer/begrip/{slug}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    form = html[html.index('class="concept-form"') :]
    form = form[: form.index("</form>")]
    values: dict[str, str] = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form):
        values[name] = _unescape(value)
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', form):
        values[name] = _unescape(value)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        values[name] = chosen.group(1) if chosen else ""
    return values


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def save(client: FlaskClient, slug: str = CONCEPT, **changes: str) -> TestResponse:
    values = editor_values(client, slug)
    values.update(changes)
    return client.post(f"/beheer/begrip/{slug}", data=values)


def act(client: FlaskClient, path: str, **data: str) -> TestResponse:
    return client.post(path, data={"csrf_token": csrf_token(client), **data})


# --- the form -----------------------------------------------------------------------------


def test_every_stored_concept_survives_the_form_both_ways(app: Flask) -> None:
    with app.app_context():
        framework, _ = export_framework(db.session, SCHEME_ID)
    languages = sorted({lang for record in framework.concepts for lang in record.languages()})
    for record in framework.concepts:
        again, problems = record_from_form(form_from_record(record), record.slug, languages, "nl")
        assert problems == {}
        assert again == record, record.slug


def test_the_editor_shows_every_csv_field_of_the_concept(
    app: Flask, people: dict[str, FlaskClient]
) -> None:
    header = app.root_path.rsplit("/", 1)[0] + "/data/begrippenkader.csv"
    with open(header, encoding="utf-8") as csv_file:
        columns = csv_file.readline().strip().split(",")
    values = editor_values(people[EDITOR])
    assert set(columns) - {"id"} <= set(values)
    assert values["pref_label@nl"] == stored(app).labels["nl"].pref


def test_a_place_in_a_cluster_that_is_no_number_is_shown_at_the_clusters_field(
    people: dict[str, FlaskClient],
) -> None:
    answer = save(people[EDITOR], clusters="blended-werken:eerst")
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert 'id="clusters" name="clusters"' in html
    assert re.search(r'id="clusters-error">[^<]*must be a whole number', html)


def test_texts_in_a_language_the_scheme_does_not_list_are_kept_on_saving(
    app: Flask, people: dict[str, FlaskClient]
) -> None:
    with app.app_context():
        roadmap = stored(app)
        french = replace(
            roadmap,
            labels={**roadmap.labels, "fr": LanguageLabels("Feuille de route")},
            notes={**roadmap.notes, ("definition", "fr"): "Un plan par étapes."},
            translation_status={**roadmap.translation_status, "fr": "draft"},
        )
        rules = Rules(source_language="nl", base_uri="https://begrippen.opgroeien.be/id/")
        apply_change(
            db.session, plan_change(db.session, SCHEME_ID, Framework([], [], [french]), rules)
        )
    assert save(people[EDITOR], **{"definition@nl": NEW_DEFINITION}).status_code == 303
    values = editor_values(people[EDITOR])
    assert values["definition@nl"] == NEW_DEFINITION
    assert values["pref_label@fr"] == "Feuille de route"
    assert values["definition@fr"] == "Un plan par étapes."


def test_the_dashboard_opens_a_concept_by_id_address_or_label(
    people: dict[str, FlaskClient],
) -> None:
    client = people[EDITOR]
    for wanted in ("roadmap", "http://localhost/begrip/roadmap", "Roadmap"):
        answer = client.get("/beheer/begrip/", query_string={"begrip": wanted})
        assert answer.headers["Location"].endswith(f"/beheer/begrip/{CONCEPT}"), wanted


# --- the preview --------------------------------------------------------------------------


def test_the_preview_renders_markdown_as_the_public_page_does(
    people: dict[str, FlaskClient],
) -> None:
    client = people[EDITOR]
    answer = act(
        client, "/beheer/voorbeeld", text="Een **vet** woord en een [link](https://example.org)."
    )
    assert answer.status_code == 200
    assert answer.mimetype == "text/html"
    assert "<strong>vet</strong>" in answer.get_data(as_text=True)


def test_the_preview_removes_script_and_unsafe_links(people: dict[str, FlaskClient]) -> None:
    answer = act(
        people[EDITOR],
        "/beheer/voorbeeld",
        text="<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
    )
    assert not ACTIVE.search(answer.get_data(as_text=True))


def test_the_preview_refuses_a_post_without_the_csrf_token(people: dict[str, FlaskClient]) -> None:
    answer = people[EDITOR].post("/beheer/voorbeeld", data={"text": "*x*"})
    assert answer.status_code == 400


def test_the_preview_is_for_signed_in_people_only(client: FlaskClient) -> None:
    token = csrf_token(client)
    answer = client.post("/beheer/voorbeeld", data={"csrf_token": token, "text": "*x*"})
    assert answer.status_code == 302
    assert "/beheer/login" in answer.headers["Location"]


def test_previews_spend_the_workspace_write_budget(app: Flask, instance_path: Path) -> None:
    limited = make_app(
        instance_path,
        RATELIMIT_ENABLED=True,
        RATELIMIT_WORKSPACE_WRITES="3 per minute",
        RATELIMIT_STORAGE_URI=f"sqlite:///{instance_path / 'ratelimits.sqlite3'}",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
    )
    add_user(limited, EDITOR, Role.EDITOR)
    client = limited.test_client()
    assert sign_in(client, EDITOR).status_code == 302
    answers = [act(client, "/beheer/voorbeeld", text="*x*").status_code for _ in range(4)]
    assert answers[-1] == 429


# --- drafts and review --------------------------------------------------------------------


def test_saving_without_the_csrf_token_is_refused_and_saves_nothing(
    app: Flask, people: dict[str, FlaskClient]
) -> None:
    values = editor_values(people[EDITOR])
    values.pop("csrf_token")
    values["definition@nl"] = NEW_DEFINITION
    answer = people[EDITOR].post(f"/beheer/begrip/{CONCEPT}", data=values)
    assert answer.status_code == 400
    assert NEW_DEFINITION not in people[EDITOR].get(f"/beheer/begrip/{CONCEPT}").get_data(
        as_text=True
    )


def test_a_saved_draft_is_not_public(app: Flask, people: dict[str, FlaskClient]) -> None:
    answer = save(people[EDITOR], **{"definition@nl": NEW_DEFINITION})
    assert answer.status_code == 303
    assert NEW_DEFINITION in people[EDITOR].get(answer.headers["Location"]).get_data(as_text=True)
    public = app.test_client().get(f"/begrip/{CONCEPT}").get_data(as_text=True)
    assert "nieuw geschreven" not in public
    assert stored(app).notes[("definition", "nl")] != NEW_DEFINITION


def test_a_label_another_concept_has_is_refused_at_its_field_with_the_importers_message(
    app: Flask, people: dict[str, FlaskClient]
) -> None:
    taken = stored(app, "blended-werken").labels["nl"].pref
    answer = save(people[EDITOR], **{"alt_labels@nl": taken})
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert re.search(r'name="alt_labels@nl"[^>]*aria-invalid="true"', html)
    error = re.search(r'id="alt_labels-nl-error">([^<]*)<', html)
    assert (
        error is not None
        and "already names" in error.group(1)
        and "blended-werken" in error.group(1)
    )


def test_a_relation_to_nowhere_is_refused_at_the_relation_field(
    people: dict[str, FlaskClient],
) -> None:
    answer = save(people[EDITOR], related="geen-begrip-met-deze-naam")
    assert answer.status_code == 422
    assert 'id="related-error"' in answer.get_data(as_text=True)


def test_the_author_submits_and_cannot_approve_their_own_draft(
    app: Flask, people: dict[str, FlaskClient]
) -> None:
    add_user(app, "lone-reviewer@example.org", Role.REVIEWER)
    author = app.test_client()
    sign_in(author, "lone-reviewer@example.org")
    assert save(author, **{"definition@nl": NEW_DEFINITION}).status_code == 303
    assert act(author, f"/beheer/begrip/{CONCEPT}/indienen").status_code == 303
    page = author.get(f"/beheer/begrip/{CONCEPT}").get_data(as_text=True)
    assert "goedkeuren" not in page
    assert act(author, f"/beheer/begrip/{CONCEPT}/goedkeuren").status_code == 403
    assert stored(app).notes[("definition", "nl")] != NEW_DEFINITION


def test_an_editor_cannot_approve(people: dict[str, FlaskClient]) -> None:
    save(people[EDITOR], **{"definition@nl": NEW_DEFINITION})
    act(people[EDITOR], f"/beheer/begrip/{CONCEPT}/indienen")
    assert act(people[OTHER_EDITOR], f"/beheer/begrip/{CONCEPT}/goedkeuren").status_code == 403


def test_a_reviewer_approves_and_the_public_page_shows_the_new_text(
    app: Flask, people: dict[str, FlaskClient]
) -> None:
    save(people[EDITOR], **{"definition@nl": NEW_DEFINITION, "change_note": "herschreven"})
    act(people[EDITOR], f"/beheer/begrip/{CONCEPT}/indienen")
    waiting = people[REVIEWER].get("/beheer/").get_data(as_text=True)
    assert f"/beheer/begrip/{CONCEPT}" in waiting[waiting.index('id="waiting"') :]
    answer = act(people[REVIEWER], f"/beheer/begrip/{CONCEPT}/goedkeuren")
    assert answer.status_code == 303
    public = app.test_client().get(f"/begrip/{CONCEPT}").get_data(as_text=True)
    assert "nieuw geschreven in de werkruimte" in public
    dashboard = people[EDITOR].get("/beheer/").get_data(as_text=True)
    assert "herschreven" in dashboard[dashboard.index('id="published"') :]


def test_the_reviewer_sees_what_the_draft_changes_word_by_word(
    people: dict[str, FlaskClient],
) -> None:
    save(people[EDITOR], **{"pref_label@nl": "Stappenplan"})
    act(people[EDITOR], f"/beheer/begrip/{CONCEPT}/indienen")
    html = people[REVIEWER].get(f"/beheer/begrip/{CONCEPT}").get_data(as_text=True)
    changes = html[html.index('id="changes-title"') :]
    assert "<del>Roadmap</del><ins>Stappenplan</ins>" in changes


def test_a_rejected_draft_goes_back_to_its_author_with_the_reason(
    people: dict[str, FlaskClient],
) -> None:
    save(people[EDITOR], **{"definition@nl": NEW_DEFINITION})
    act(people[EDITOR], f"/beheer/begrip/{CONCEPT}/indienen")
    answer = act(people[REVIEWER], f"/beheer/begrip/{CONCEPT}/afwijzen", reason="Bron ontbreekt")
    assert answer.status_code == 303
    mine = people[EDITOR].get("/beheer/").get_data(as_text=True)
    assert "Bron ontbreekt" in mine[mine.index('id="my-drafts"') :]
    assert "Bron ontbreekt" in people[EDITOR].get(f"/beheer/begrip/{CONCEPT}").get_data(
        as_text=True
    )


def test_a_rejection_needs_a_reason(people: dict[str, FlaskClient]) -> None:
    save(people[EDITOR], **{"definition@nl": NEW_DEFINITION})
    act(people[EDITOR], f"/beheer/begrip/{CONCEPT}/indienen")
    assert act(people[REVIEWER], f"/beheer/begrip/{CONCEPT}/afwijzen").status_code == 400


def test_a_new_concept_is_a_draft_until_approved(
    app: Flask, people: dict[str, FlaskClient]
) -> None:
    client = people[EDITOR]
    values = {
        "csrf_token": csrf_token(client, "/beheer/begrip/nieuw"),
        "base_version": "0",
        "lock_version": "0",
        "pref_label@nl": "Stappenplan op maat",
        "definition@nl": "Een stappenplan dat bij één organisatie past.",
        "clusters": stored(app).clusters[0],
        "status": "accepted",
    }
    answer = client.post("/beheer/begrip/nieuw", data=values)
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith("/beheer/begrip/stappenplan-op-maat?done=saved")
    assert app.test_client().get("/begrip/stappenplan-op-maat").status_code in (302, 404)
    act(client, "/beheer/begrip/stappenplan-op-maat/indienen")
    assert act(people[REVIEWER], "/beheer/begrip/stappenplan-op-maat/goedkeuren").status_code == 303
    assert app.test_client().get("/begrip/stappenplan-op-maat").status_code == 200


# --- two people on one concept ------------------------------------------------------------


def test_a_save_against_a_newer_version_shows_both_texts_and_keeps_the_typed_one(
    app: Flask, people: dict[str, FlaskClient]
) -> None:
    late = editor_values(people[OTHER_EDITOR])  # opened before the first publication
    save(people[EDITOR], **{"definition@nl": NEW_DEFINITION})
    act(people[EDITOR], f"/beheer/begrip/{CONCEPT}/indienen")
    act(people[REVIEWER], f"/beheer/begrip/{CONCEPT}/goedkeuren")

    mine = "Mijn eigen tekst, die niet verloren mag gaan."
    late["definition@nl"] = mine
    late["csrf_token"] = csrf_token(people[OTHER_EDITOR], f"/beheer/begrip/{CONCEPT}")
    answer = people[OTHER_EDITOR].post(f"/beheer/begrip/{CONCEPT}", data=late)

    assert answer.status_code == 409
    html = answer.get_data(as_text=True)
    conflict = html[html.index('class="conflict"') : html.index("</section>")]
    assert "nieuw geschreven in de werkruimte" in conflict  # theirs
    assert mine in conflict  # mine
    assert re.search(r'<textarea[^>]*name="definition@nl"[^>]*>' + re.escape(mine), html)
    # Saving again, from the version shown, is accepted: nothing is lost.
    again = dict(late)
    again["base_version"] = re.search(r'name="base_version" value="(\d+)"', html).group(1)
    assert people[OTHER_EDITOR].post(f"/beheer/begrip/{CONCEPT}", data=again).status_code == 303


# --- history ------------------------------------------------------------------------------


def publish(people: dict[str, FlaskClient], note: str, **changes: str) -> None:
    assert save(people[EDITOR], change_note=note, **changes).status_code == 303
    act(people[EDITOR], f"/beheer/begrip/{CONCEPT}/indienen")
    assert act(people[REVIEWER], f"/beheer/begrip/{CONCEPT}/goedkeuren").status_code == 303


def test_the_public_history_lists_versions_and_a_word_diff_without_authors(
    app: Flask, people: dict[str, FlaskClient]
) -> None:
    publish(people, "nieuwe definitie", **{"definition@nl": NEW_DEFINITION})
    page = app.test_client().get(f"/begrip/{CONCEPT}/geschiedenis")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "nieuwe definitie" in html
    assert "<ins>" in html and "<del>" in html
    assert "<ins>nieuw" in html or "nieuw geschreven" in html
    assert EDITOR not in html and REVIEWER not in html


def test_the_public_history_compares_any_two_versions(
    app: Flask, people: dict[str, FlaskClient]
) -> None:
    publish(people, "een", **{"definition@nl": "Eerste nieuwe tekst van dit begrip."})
    publish(people, "twee", **{"definition@nl": "Tweede nieuwe tekst van dit begrip."})
    html = (
        app.test_client().get(f"/begrip/{CONCEPT}/geschiedenis?van=2&naar=3").get_data(as_text=True)
    )
    assert "<del>Eerste</del>" in html and "<ins>Tweede</ins>" in html


def test_a_concept_without_history_has_no_history_page(client: FlaskClient) -> None:
    assert client.get("/begrip/geen-begrip-met-deze-naam/geschiedenis").status_code == 404


def test_the_workspace_history_shows_authors_and_restores_a_version_as_draft(
    app: Flask, people: dict[str, FlaskClient]
) -> None:
    before = stored(app).notes[("definition", "nl")]
    publish(people, "nieuwe definitie", **{"definition@nl": NEW_DEFINITION})
    html = people[REVIEWER].get(f"/beheer/begrip/{CONCEPT}/geschiedenis").get_data(as_text=True)
    assert EDITOR in html and REVIEWER in html
    answer = act(people[EDITOR], f"/beheer/begrip/{CONCEPT}/herstellen/1")
    assert answer.status_code == 303
    assert editor_values(people[EDITOR])["definition@nl"] == before
    assert stored(app).notes[("definition", "nl")] == NEW_DEFINITION  # a draft, not published


# --- XSS: typed payloads stay text -------------------------------------------------------

PAYLOAD = '"><script>alert("x")</script><img src=x onerror=alert(1)>'
MARKDOWN_PAYLOAD = "[klik](javascript:alert(1)) <script>alert(2)</script> <svg onload=alert(3)>"
ACTIVE = re.compile(r"<script>alert|<img src=x|<svg onload|href=\"javascript:|onerror=alert\(1\)>")


def test_xss_payloads_in_every_field_are_inert_wherever_the_text_is_shown(
    app: Flask, people: dict[str, FlaskClient]
) -> None:
    values = editor_values(people[EDITOR])
    for name in values:
        if name.startswith(("alt_labels@", "hidden_labels@")):
            values[name] = f"{PAYLOAD} {name}"
        elif name.startswith(
            ("definition@", "scope_note@", "example@", "editorial_note@", "explanation@")
        ):
            # Kept: a definition must go on citing its sources.
            values[name] = f"{values[name]} {MARKDOWN_PAYLOAD} {name}"
    values["pref_label@nl"] = f"Roadmap {PAYLOAD}"
    values["pref_label@en"] = f"Roadmap (en) {PAYLOAD}"
    values["change_note"] = PAYLOAD
    saved = people[EDITOR].post(f"/beheer/begrip/{CONCEPT}", data=values)
    assert saved.status_code == 303, re.findall(
        r"<li>(.*?)</li>",
        saved.get_data(as_text=True)[saved.get_data(as_text=True).find('id="problems"') :],
    )[:10]
    workspace = people[EDITOR].get(f"/beheer/begrip/{CONCEPT}").get_data(as_text=True)
    assert not ACTIVE.search(workspace)
    act(people[EDITOR], f"/beheer/begrip/{CONCEPT}/indienen")
    assert not ACTIVE.search(people[REVIEWER].get("/beheer/").get_data(as_text=True))
    assert act(people[REVIEWER], f"/beheer/begrip/{CONCEPT}/goedkeuren").status_code == 303

    public = app.test_client()
    for path in (
        f"/begrip/{CONCEPT}",
        f"/begrip/{CONCEPT}?lang=en",
        f"/begrip/{CONCEPT}/geschiedenis",
        f"/embed/{CONCEPT}",
        "/a-z",
        "/beheer/",
    ):
        page = public.get(path, follow_redirects=True)
        assert page.status_code == 200, path
        assert not ACTIVE.search(page.get_data(as_text=True)), path
    # The payloads are there, as text.
    assert "&lt;script&gt;alert(" in public.get(f"/begrip/{CONCEPT}").get_data(as_text=True)
    for client, path in (
        (people[REVIEWER], f"/beheer/begrip/{CONCEPT}/geschiedenis"),
        (people[REVIEWER], "/beheer/"),
    ):
        assert not ACTIVE.search(client.get(path).get_data(as_text=True)), path
    api = public.get(f"/api/v1/concepts/{CONCEPT}").get_json()
    rendered = [
        api[kind][lang]
        for kind in ("definition", "scope_note", "example", "editorial_note")
        for lang in api.get(kind) or {}
    ]
    assert len(rendered) >= 2 and all("<script>alert(2)" in note["markdown"] for note in rendered)
    for note in rendered:
        assert not ACTIVE.search(note["html"]), note["html"]
