"""Production mode refuses missing or unsafe settings with a message that says what to fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from glossary.config import DEV_SECRET_KEY
from glossary.paths import PROJECT_ROOT
from glossary.production import UnsafeSettings
from tests.conftest import make_app

GOOD_SECRET = "x" * 40


def test_production_refuses_the_default_secret_key(tmp_path: Path) -> None:
    with pytest.raises(UnsafeSettings, match="SECRET_KEY is not set"):
        make_app(tmp_path, GLOSSARY_ENV="production", TESTING=False, SECRET_KEY=DEV_SECRET_KEY)


def test_production_refuses_a_short_secret_key(tmp_path: Path) -> None:
    with pytest.raises(UnsafeSettings, match="shorter than 32"):
        make_app(tmp_path, GLOSSARY_ENV="production", TESTING=False, SECRET_KEY="short")


def test_production_refuses_debug_mode(tmp_path: Path) -> None:
    with pytest.raises(UnsafeSettings, match="debug mode"):
        make_app(
            tmp_path, GLOSSARY_ENV="production", TESTING=False, SECRET_KEY=GOOD_SECRET, DEBUG=True
        )


def test_production_starts_with_safe_settings(tmp_path: Path) -> None:
    app = make_app(tmp_path, GLOSSARY_ENV="production", TESTING=False, SECRET_KEY=GOOD_SECRET)
    assert app.config["GLOSSARY_ENV"] == "production"


def test_development_accepts_the_default_secret_key(tmp_path: Path) -> None:
    app = make_app(tmp_path, SECRET_KEY=DEV_SECRET_KEY)
    assert app.config["SECRET_KEY"] == DEV_SECRET_KEY


def start_gunicorn(instance: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    """Start gunicorn with the settings of the environment minus the ones a test decides."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "GLOSSARY_ENV", "FLASK_DEBUG", "GLOSSARY_BASE_URI")
    }
    env.update(PORT="0", GLOSSARY_INSTANCE_PATH=str(instance), **settings)
    return subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", str(PROJECT_ROOT / "gunicorn.conf.py")],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_gunicorn_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = start_gunicorn(tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_gunicorn_refuses_to_start_with_a_base_uri_an_id_cannot_follow(tmp_path: Path) -> None:
    result = start_gunicorn(
        tmp_path,
        SECRET_KEY=GOOD_SECRET,
        GLOSSARY_BASE_URI="https://begrippen.opgroeien.be/id/begrip",
    )
    assert result.returncode != 0
    assert "GLOSSARY_BASE_URI must end in '/' or '#'" in result.stderr
