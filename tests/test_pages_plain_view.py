"""A visitor can read the whole site in plain language: `?view=plain`, remembered in a cookie."""

from __future__ import annotations

from flask.testing import FlaskClient

PLAIN_KLUIS = "In een digitale kluis bewaar je je eigen gegevens online."


def html(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_plain_view_puts_the_explanation_before_the_definition(client: FlaskClient) -> None:
    page = html(client.get("/begrip/digitale-kluis?view=plain"))
    assert page.index('id="note-explanation"') < page.index('id="note-definition"')


def test_choosing_the_plain_view_sets_a_cookie_on_a_private_answer(client: FlaskClient) -> None:
    response = client.get("/begrip/digitale-kluis?view=plain")
    assert "view=plain" in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"]
    assert response.cache_control.private
    assert not response.cache_control.public


def test_the_choice_is_remembered_on_every_page(client: FlaskClient) -> None:
    client.get("/?view=plain")
    response = client.get("/begrip/digitale-kluis")
    page = html(response)
    assert page.index('id="note-explanation"') < page.index('id="note-definition"')
    assert "Set-Cookie" not in response.headers
    assert "Cookie" in response.headers["Vary"]


def test_the_standard_view_clears_the_cookie_and_shows_the_definition_first(
    client: FlaskClient,
) -> None:
    client.get("/?view=plain")
    response = client.get("/begrip/digitale-kluis?view=standard")
    assert "view=;" in response.headers["Set-Cookie"]
    assert response.cache_control.private
    page = html(client.get("/begrip/digitale-kluis"))
    assert page.index('id="note-definition"') < page.index('id="note-explanation"')


def test_a_page_in_the_plain_view_has_another_etag(client: FlaskClient) -> None:
    standard = client.get("/begrip/digitale-kluis")
    client.get("/?view=plain")
    plain = client.get("/begrip/digitale-kluis")
    assert standard.headers["ETag"] != plain.headers["ETag"]
    revalidated = client.get(
        "/begrip/digitale-kluis", headers={"If-None-Match": standard.headers["ETag"]}
    )
    assert revalidated.status_code == 200


def test_a_cluster_lists_its_concepts_by_their_explanations_in_the_plain_view(
    client: FlaskClient,
) -> None:
    assert PLAIN_KLUIS not in html(client.get("/cluster/gegevensdeling"))
    assert PLAIN_KLUIS in html(client.get("/cluster/gegevensdeling?view=plain"))


def test_the_header_offers_the_other_view(client: FlaskClient) -> None:
    standard = html(client.get("/", headers={"Accept-Language": "nl"}))
    assert "?view=plain" in standard
    plain = html(client.get("/?view=plain", headers={"Accept-Language": "nl"}))
    assert "?view=standard" in plain
