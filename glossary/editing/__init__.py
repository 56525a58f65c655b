"""Editing the framework in the service itself: drafts, four-eyes review, publication and
the history of every published version (issue 14).

Floors: `models` and `version_rows` are data (the importer's apply step records versions
through `version_rows`), `record_json` is ground; `drafts`, `published`, `history`, `batch`
and `errors` are services that take a session, an `Actor` and arguments, never flask.g or
the request. This package file imports nothing, so that the data floor can reach its
modules without a cycle. docs/editing.md describes the workflow.
"""
