"""The OpenAPI 3.1 description of every machine endpoint, as JSON and as a page for people.

The document is written by hand in openapi.yaml (next to this module) and loaded once; at
serve time only the server address and the content languages present in the data are filled
in. The page renders the same document server-side: no external script, no CDN.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml
from flask import Blueprint, Response, jsonify, render_template
from markupsafe import Markup

from glossary.api.openapi_examples import curl_command, sample_response
from glossary.api.openapi_examples import resolve as _resolve
from glossary.database import db_session
from glossary.formats.markdown import render_html
from glossary.http import current
from glossary.language import language_tag_pattern
from glossary.paths import OPENAPI_DOCUMENT
from glossary.services.concepts import content_languages
from glossary.urls import public_root

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")

openapi = Blueprint("openapi", __name__, url_prefix="/api/v1")


@cache
def _source_document() -> dict[str, Any]:
    with OPENAPI_DOCUMENT.open(encoding="utf-8") as handle:
        document: dict[str, Any] = yaml.safe_load(handle)
    return document


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document for this server and the languages its data holds."""
    document = copy.deepcopy(_source_document())
    document["servers"] = [{"url": public_root().rstrip("/")}]
    languages = content_languages(db_session(), current.scheme_id())
    languages = languages or current.configured_languages()
    tag = document["components"]["schemas"]["LanguageCode"]
    tag["pattern"] = language_tag_pattern(languages)
    # `languages` of the search: empty or `all` (any case), or one of the same tags.
    search_languages = document["components"]["schemas"]["SearchLanguages"]
    search_languages["pattern"] = rf"^(?:(?:[Aa][Ll][Ll])?(?![\s\S])|{tag['pattern'][1:]})"
    tag["examples"] = [*languages, f"{languages[0]}-BE"]
    search_text = document["components"]["schemas"]["SearchText"]
    search_text["maxLength"] = current.max_query_length()
    return document


@openapi.get("/openapi.json")
def openapi_json() -> Response:
    return jsonify(openapi_document())


# What the page shows: the document flattened into rows, references resolved to names.


@dataclass
class ParameterRow:
    name: str
    location: str
    required: bool
    type: str
    description: Markup


@dataclass
class ResponseRow:
    status: str
    description: Markup
    media: list[tuple[str, str]]


@dataclass
class OperationView:
    method: str
    path: str
    anchor: str
    summary: str
    description: Markup
    parameters: list[ParameterRow]
    responses: list[ResponseRow]
    example: ExampleView


@dataclass
class ExampleView:
    """A curl command for the operation and the first successful answer's sample body."""

    request: str
    status: str
    media_type: str | None
    response: str | None


@dataclass
class PropertyRow:
    name: str
    type: str
    required: bool
    description: Markup


@dataclass
class SchemaView:
    name: str
    type: str
    description: Markup
    properties: list[PropertyRow] = field(default_factory=list)


def _markdown(text: str | None) -> Markup:
    return Markup(render_html(text)) if text else Markup("")


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_label(schema: dict[str, Any] | None) -> str:
    """A short human description of a schema: 'string', 'array of Concept', 'nl | en'."""
    if not schema:
        return "any"
    if "$ref" in schema:
        return _ref_name(schema["$ref"])
    if "allOf" in schema:
        return " + ".join(type_label(part) for part in schema["allOf"])
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    kind = schema.get("type", "any")
    if isinstance(kind, list):
        return " or ".join(kind)
    if kind == "array":
        return f"array of {type_label(schema.get('items'))}"
    if kind == "object" and "additionalProperties" in schema:
        return f"object of {type_label(schema['additionalProperties'])} by key"
    if "format" in schema:
        return f"{kind} ({schema['format']})"
    return str(kind)


def _example(
    document: dict[str, Any], path: str, operation: dict[str, Any], parameters: list[dict[str, Any]]
) -> ExampleView:
    status, media_type, schema = "200", None, None
    for code, response in operation.get("responses", {}).items():
        if str(code).startswith("2"):
            content = _resolve(document, response).get("content", {})
            status = str(code)
            if content:
                media_type = next(iter(content))
                schema = content[media_type].get("schema")
            break
    server = document["servers"][0]["url"]
    return ExampleView(
        request=curl_command(document, server, path, parameters, media_type),
        status=status,
        media_type=media_type,
        response=sample_response(document, schema, media_type) if media_type else None,
    )


def _operations(document: dict[str, Any]) -> dict[str, list[OperationView]]:
    by_tag: dict[str, list[OperationView]] = {tag["name"]: [] for tag in document["tags"]}
    for path, item in document["paths"].items():
        for method in HTTP_METHODS:
            if method not in item:
                continue
            operation = item[method]
            parameters = [_resolve(document, p) for p in operation.get("parameters", [])]
            responses = []
            for status, response in operation.get("responses", {}).items():
                response = _resolve(document, response)
                media = [
                    (media_type, type_label(content.get("schema")))
                    for media_type, content in response.get("content", {}).items()
                ]
                responses.append(ResponseRow(status, _markdown(response["description"]), media))
            view = OperationView(
                method=method.upper(),
                path=path,
                anchor=operation["operationId"],
                summary=operation.get("summary", ""),
                description=_markdown(operation.get("description")),
                parameters=[
                    ParameterRow(
                        name=p["name"],
                        location=p["in"],
                        required=p.get("required", False),
                        type=type_label(p.get("schema")),
                        description=_markdown(p.get("description")),
                    )
                    for p in parameters
                ],
                responses=responses,
                example=_example(document, path, operation, parameters),
            )
            for tag in operation.get("tags", ["Meta"]):
                by_tag.setdefault(tag, []).append(view)
    return by_tag


def _schemas(document: dict[str, Any]) -> list[SchemaView]:
    views = []
    for name, schema in document["components"]["schemas"].items():
        parts = schema.get("allOf", [schema])
        properties: list[PropertyRow] = []
        for part in parts:
            if "$ref" in part:
                continue
            required = set(part.get("required", []))
            properties += [
                PropertyRow(
                    prop, type_label(sub), prop in required, _markdown(sub.get("description"))
                )
                for prop, sub in part.get("properties", {}).items()
            ]
        views.append(
            SchemaView(name, type_label(schema), _markdown(schema.get("description")), properties)
        )
    return views


@openapi.get("/docs")
def docs() -> str:
    """The OpenAPI document rendered as a page: operations by tag, then the schemas."""
    document = openapi_document()
    return render_template(
        "api/docs.html",
        info=document["info"],
        description=_markdown(document["info"].get("description")),
        tags=document["tags"],
        operations=_operations(document),
        schemas=_schemas(document),
    )
