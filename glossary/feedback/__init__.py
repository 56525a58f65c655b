"""Feedback on the framework from people without an account (issue 16): remarks on a
concept, proposals of new terms, the editors' replies, and the mail that tells of them.

Floors (docs/architecture.md): `models` is data; `submissions`, `privacy` and `mail` are
services (a session and arguments, never flask.g or the request); `cli` is a surface. The
web surfaces live in glossary/web/feedback*.py, glossary/web/workspace_feedback.py and
glossary/api/feedback.py.
"""
