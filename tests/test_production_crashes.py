"""Worker crashes are diagnosable, and nothing a worker holds can fault under it.

A gunicorn worker that dies of a fatal signal leaves the Python stack of every thread in the
error log (faulthandler, enabled by gunicorn.conf.py in each worker), and the master names
the signal.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from flask import Flask

from tests.serving import app_environment, get_json, gunicorn, wait_until

pytestmark = pytest.mark.slow


def test_a_worker_killed_by_sigsegv_leaves_its_python_stack_and_the_signal_in_the_log(
    app: Flask, tmp_path: Path
) -> None:
    env = app_environment(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "served")
    log = tmp_path / "gunicorn.log"
    with gunicorn(env, workers=1, log=log) as base:
        status, body = get_json(f"{base}/readyz")
        assert status == 200, body
        os.kill(body["pid"], signal.SIGSEGV)
        assert wait_until(lambda: "was sent SIGSEGV" in log.read_text(), timeout=20)
    text = log.read_text()
    assert "Fatal Python error: Segmentation fault" in text
    assert "most recent call first" in text  # a thread's stack follows
