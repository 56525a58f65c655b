"""How long a `prune` command keeps what it erases: an option, else the app's setting.

`flask glossary audit prune --days N` and `flask glossary feedback prune --months N` take
the same kind of option (a whole number, at least 1) and fall back to the same kind of
setting; one definition keeps their checks and help alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import click
from flask import current_app

Command = TypeVar("Command", bound=Callable[..., Any])


@dataclass(frozen=True)
class Retention:
    """`--<unit> N` on a prune command, passed to it as `retention`; without it, the app's
    `setting` (else `default`)."""

    unit: str
    setting: str
    default: int
    counted: str = ""  # what the period counts from, for the help ("after closing")

    def option(self) -> Callable[[Command], Command]:
        return click.option(
            f"--{self.unit}",
            "retention",
            type=click.IntRange(min=1),
            default=None,
            help=f"Keep this many {self.unit}{self.counted} (default: {self.setting}).",
        )

    def of(self, given: int | None) -> int:
        """The period to keep: the option's when given, else the setting's (in app context)."""
        return given or int(current_app.config.get(self.setting, self.default))
