"""Example requests and sample responses for the API reference page, from the OpenAPI document.

A reader of the reference wants to copy a working command and see the shape of the answer
without running it. Both are derived from the document alone (parameter examples, schema
examples, types), so they cannot drift from it and cost no request to the data.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

# How deep a sample follows nested schemas (a concept holds relations holding concepts).
MAX_DEPTH = 4
PLACEHOLDERS: dict[str, Any] = {
    "string": "…",
    "integer": 1,
    "number": 1.0,
    "boolean": True,
    "null": None,
}
FORMAT_SAMPLES = {
    "uri": "https://begrippen.opgroeien.be/id/begrip/mediawijsheid",
    "date-time": "2024-05-01T00:00:00Z",
    "date": "2024-05-01",
}


def resolve(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a `$ref` into the document's components."""
    while "$ref" in node:
        target: Any = document
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def _parameter_example(document: dict[str, Any], parameter: dict[str, Any]) -> str | None:
    if "example" in parameter:
        return str(parameter["example"])
    schema = resolve(document, parameter.get("schema", {}))
    for key in ("example", "default"):
        if key in schema:
            return str(schema[key])
    if schema.get("examples"):
        return str(schema["examples"][0])
    if schema.get("enum"):
        return str(schema["enum"][0])
    return None


def _shell_quoted(text: str) -> str:
    """Always in single quotes: `?` and `&` in a URL would otherwise mean something to the
    shell, and a command that works pasted into any POSIX shell is the point."""
    return "'" + text.replace("'", "'\\''") + "'"


def curl_command(
    document: dict[str, Any],
    server: str,
    path: str,
    parameters: list[dict[str, Any]],
    media_type: str | None,
) -> str:
    """A curl command for the operation: path parameters and required query parameters
    filled in with the document's examples; the Accept header when the answer is not JSON."""
    query: list[tuple[str, str]] = []
    for parameter in parameters:
        value = _parameter_example(document, parameter)
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", quote(value or "id", safe=""))
        elif parameter["in"] == "query" and parameter.get("required") and value is not None:
            query.append((parameter["name"], value))
    url = server.rstrip("/") + path + (f"?{urlencode(query)}" if query else "")
    header = ""
    if media_type and media_type not in ("application/json", "application/problem+json"):
        header = f"-H {_shell_quoted('Accept: ' + media_type)} "
    return f"curl {header}{_shell_quoted(url)}"


def sample_value(document: dict[str, Any], schema: dict[str, Any] | None, depth: int = 0) -> Any:
    """A value of the schema: its own example where it has one, else one built by type."""
    if not schema:
        return PLACEHOLDERS["string"]
    schema = resolve(document, schema)
    for key in ("example", "const", "default"):
        if key in schema:
            return schema[key]
    if schema.get("examples"):
        return schema["examples"][0]
    if schema.get("enum"):
        return schema["enum"][0]
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = sample_value(document, part, depth)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    for key in ("oneOf", "anyOf"):
        if schema.get(key):
            return sample_value(document, schema[key][0], depth)
    kind = schema.get("type", "object" if "properties" in schema else "string")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "array":
        if depth >= MAX_DEPTH:
            return []
        return [sample_value(document, schema.get("items"), depth + 1)]
    if kind == "object":
        if depth >= MAX_DEPTH:
            return {}
        properties = schema.get("properties", {})
        if not properties and isinstance(schema.get("additionalProperties"), dict):
            return {"nl": sample_value(document, schema["additionalProperties"], depth + 1)}
        return {name: sample_value(document, sub, depth + 1) for name, sub in properties.items()}
    if kind == "string" and schema.get("format") in FORMAT_SAMPLES:
        return FORMAT_SAMPLES[schema["format"]]
    return PLACEHOLDERS.get(str(kind), PLACEHOLDERS["string"])


def sample_response(
    document: dict[str, Any], schema: dict[str, Any] | None, media_type: str
) -> str | None:
    """The sample body of a JSON answer, indented; None for other media types."""
    if "json" not in media_type:
        return None
    return json.dumps(sample_value(document, schema), ensure_ascii=False, indent=2)
