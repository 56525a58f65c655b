"""Problems with what a person typed into a form or a JSON body, each located at its field.

Feedback submissions and consultation rounds check their input the same way: every
problem is collected (not only the first) and raised together, so a surface can mark each
field of a form, or list them all in a 400/422 problem response.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: the field it is in and what to do about it."""

    field: str
    detail: str


@dataclass
class ProblemsError(Exception):
    """The input cannot be stored; every problem found is listed, not only the first."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(f"{problem.field}: {problem.detail}" for problem in self.problems)
