"""The readability of every concept's plain-language explanation, for editors and CI.

Issue 19 asks for explanations measured, not guessed: `flask glossary readability` lists
these rows, the definition's Flesch–Douma beside the explanation's for comparison.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from glossary.models import Concept, LabelKind, NoteKind
from glossary.readability import Readability, measure

# Citations "(Author, Year)" and Markdown emphasis are not prose: left out of the definition's
# measure so the comparison is fair to it.
_CITATION = re.compile(r"\((?:[^()]|\([^()]*\))*\d{4}\)|\*\*")


@dataclass(frozen=True)
class ReadabilityRow:
    concept_id: str
    status: str | None  # the explanation's review status; None: no explanation
    explanation: Readability | None
    definition: Readability | None

    @property
    def problems(self) -> list[str]:
        if self.explanation is None:
            return ["no explanation"]
        return self.explanation.problems()


def readability_report(session: Session, scheme_id: str, lang: str) -> list[ReadabilityRow]:
    """One row per concept in document order: the measures of its explanation in `lang`
    (the aims are Dutch B1's) and of its definition, with the concept's labels excepted from
    the uncommon words."""
    concepts = session.scalars(
        select(Concept)
        .where(Concept.scheme_id == scheme_id)
        .options(
            selectinload(Concept.labels),
            selectinload(Concept.notes),
            selectinload(Concept.explanations),
        )
        .order_by(Concept.position, Concept.pk)
    )
    rows = []
    for concept in concepts:
        labels = [
            label.text
            for label in concept.labels
            if label.lang == lang and label.kind is not LabelKind.HIDDEN
        ]
        explanation = next((e for e in concept.explanations if e.lang == lang), None)
        definition = next(
            (n for n in concept.notes if n.lang == lang and n.kind is NoteKind.DEFINITION), None
        )
        rows.append(
            ReadabilityRow(
                concept_id=concept.slug,
                status=explanation.status.value if explanation else None,
                explanation=measure(explanation.text, lang, labels) if explanation else None,
                definition=(
                    measure(_CITATION.sub("", definition.text), lang, labels)
                    if definition
                    else None
                ),
            )
        )
    return rows
