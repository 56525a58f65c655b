"""Accounts of the people who maintain the framework: users, roles, API tokens, audit log.

Floors (docs/architecture in issue 13): `models` is data; `passwords`, `users`, `tokens` and
`audit` are services (they take a session and arguments, never flask.g or the request);
`cli` is a surface. The web surfaces live in glossary/web/workspace*.py (the /beheer/ pages,
Flask-Login) and glossary/api/auth.py, glossary/api/me.py (bearer tokens).
"""
