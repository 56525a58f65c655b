"""Blueprints for machines: the JSON API (/api/v1) and the Skosmos-compatible API (/rest/v1).

Each module defines its own blueprint (several may share the /api/v1 prefix); they share the
conventions of errors.py (problem+json) and http.py (parameters, ETag, CORS).
"""
