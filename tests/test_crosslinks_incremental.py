"""Publishing a concept re-links only the notes it can change (issue 14): the notes whose
text mentions a label it adds, removes or renames, and its own. The cross-links after a
publication are exactly those a full rebuild gives; every other note's rows stay as they are.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import delete, select
from sqlalchemy.orm import aliased

from glossary.importing import Rules, apply_change, export_framework, plan_change
from glossary.importing.relink import rebuild_cross_links
from glossary.models import Concept, CrossLink, Note, db
from glossary.records import ConceptRecord, Framework
from glossary.services.revision import current_revision
from tests.conftest import SCHEME_ID
from tests.small_framework import import_concepts

RULES = Rules(source_language="nl", base_uri="https://begrippen.opgroeien.be/id/")
COLUMNS = ("id", "clusters", "pref_label@nl", "alt_labels@nl", "definition@nl")
CONCEPTS = [
    ("gezinscoach", "Gezinscoach", "", "Een begeleider die jeugdhulp op maat biedt."),
    ("jeugdhulp", "Jeugdhulp", "hulp aan jongeren", "Steun voor jongeren en gezinnen."),
    ("jeugdhulp-op-maat", "Jeugdhulp op maat", "", "Jeugdhulp die past; zie de gezinscoach."),
    ("netwerk", "Netwerk", "", "De mensen rond een gezin: de gezinscoach, hulp aan jongeren."),
    ("buurtwerk", "Buurtwerk", "", "Werk in de buurt met hulpverlening, ook in het Café."),
    ("verslag", "Verslag", "", "Wat de gezinsbegeleider na een kort gesprek schrijft."),
    ("onthaal", "Onthaal", "", "Het eerste gesprek met een nieuw gezin, op afspraak."),
]

# (note's concept, target concept, start, end, matched text)
Link = tuple[str, str, int, int, str]


@pytest.fixture
def framework(empty_app: Flask, tmp_path: Path) -> Flask:
    rows = [
        {
            "id": slug,
            "clusters": "digitalisering",
            "pref_label@nl": pref,
            "alt_labels@nl": alt,
            "definition@nl": definition,
        }
        for slug, pref, alt, definition in CONCEPTS
    ]
    import_concepts(empty_app, tmp_path / "framework", rows, COLUMNS)
    return empty_app


def links() -> set[Link]:
    owner, target = aliased(Concept), aliased(Concept)
    return {
        tuple(row)  # type: ignore[misc]
        for row in db.session.execute(
            select(owner.slug, target.slug, CrossLink.start, CrossLink.end, CrossLink.matched_text)
            .join(Note, Note.pk == CrossLink.note_pk)
            .join(owner, owner.pk == Note.concept_pk)
            .join(target, target.pk == CrossLink.target_pk)
        )
    }


def rows_by_pk() -> dict[int, Link]:
    owner, target = aliased(Concept), aliased(Concept)
    return {
        pk: (owner_slug, target_slug, start, end, text)
        for pk, owner_slug, target_slug, start, end, text in db.session.execute(
            select(
                CrossLink.pk,
                owner.slug,
                target.slug,
                CrossLink.start,
                CrossLink.end,
                CrossLink.matched_text,
            )
            .join(Note, Note.pk == CrossLink.note_pk)
            .join(owner, owner.pk == Note.concept_pk)
            .join(target, target.pk == CrossLink.target_pk)
        )
    }


def rebuilt_links() -> set[Link]:
    """What rebuilding every cross-link would store now (rolled back)."""
    rebuild_cross_links(db.session, SCHEME_ID)
    found = links()
    db.session.rollback()
    return found


def links_as_rebuilt() -> set[Link]:
    """The stored cross-links, having checked that they are what a full rebuild gives."""
    found = links()
    assert found == rebuilt_links()
    return found


def stored(slug: str) -> ConceptRecord:
    framework, _ = export_framework(db.session, SCHEME_ID)
    return next(record for record in framework.concepts if record.slug == slug)


def with_nl(record: ConceptRecord, **labels: object) -> ConceptRecord:
    changed = dict(record.labels)
    changed["nl"] = replace(changed["nl"], **labels)
    return replace(record, labels=changed)


def with_alt(record: ConceptRecord, label: str) -> ConceptRecord:
    return with_nl(record, alt=(*record.labels["nl"].alt, label))


def publish(*records: ConceptRecord) -> tuple[str, ...]:
    """Publish the records as the editor's approval does; the concepts changed through them."""
    change = Framework(clusters=[], sources=[], concepts=list(records))
    applied, revision = apply_change(db.session, plan_change(db.session, SCHEME_ID, change, RULES))
    assert revision is not None
    return applied.changed_through


def test_a_renamed_label_is_unlinked_where_the_old_name_stands_and_linked_where_the_new_does(
    framework: Flask,
) -> None:
    with framework.app_context():
        publish(with_nl(stored("gezinscoach"), pref="Gezinsbegeleider"))

        found = links_as_rebuilt()
        assert ("verslag", "gezinscoach", 7, 23, "gezinsbegeleider") in found
        assert not any(text == "gezinscoach" for *_, text in found)


def test_an_alternative_label_other_definitions_mention_links_them(framework: Flask) -> None:
    with framework.app_context():
        changed_through = publish(with_alt(stored("jeugdhulp"), "hulpverlening"))

        found = links_as_rebuilt()
        assert ("buurtwerk", "jeugdhulp", 21, 34, "hulpverlening") in found
        assert "buurtwerk" in changed_through


def test_a_removed_label_is_no_longer_linked(framework: Flask) -> None:
    with framework.app_context():
        assert ("netwerk", "jeugdhulp", 42, 59, "hulp aan jongeren") in links()

        publish(with_nl(stored("jeugdhulp"), alt=()))

        found = links_as_rebuilt()
        assert not any(owner == "netwerk" and target == "jeugdhulp" for owner, target, *_ in found)


def test_a_concept_mentioning_its_own_new_label_does_not_link_itself(framework: Flask) -> None:
    with framework.app_context():
        publish(with_alt(stored("netwerk"), "mensen rond een gezin"))

        found = links_as_rebuilt()
        assert not any(owner == target for owner, target, *_ in found)
        assert ("netwerk", "gezinscoach", 29, 40, "gezinscoach") in found


def test_removing_the_longer_label_lets_the_shorter_one_match(framework: Flask) -> None:
    with framework.app_context():
        assert ("gezinscoach", "jeugdhulp-op-maat", 19, 36, "jeugdhulp op maat") in links()

        publish(with_nl(stored("jeugdhulp-op-maat"), pref="Hulp op maat"))

        found = links_as_rebuilt()
        assert ("gezinscoach", "jeugdhulp", 19, 28, "jeugdhulp") in found
        assert not any(target == "jeugdhulp-op-maat" for _, target, *_ in found)


def test_a_new_concept_s_longer_label_takes_the_words_of_a_shorter_one(
    framework: Flask,
) -> None:
    with framework.app_context():
        publish(with_alt(stored("onthaal"), "gesprek"))
        assert ("verslag", "onthaal", 36, 43, "gesprek") in links()
        new = replace(
            stored("onthaal"),
            slug="kort-gesprek",
            labels={"nl": replace(stored("onthaal").labels["nl"], pref="Kort gesprek", alt=())},
            notes={("definition", "nl"): "Een gesprek van minder dan tien minuten."},
        )

        publish(new)

        found = links_as_rebuilt()
        assert ("verslag", "kort-gesprek", 31, 43, "kort gesprek") in found
        assert ("verslag", "onthaal", 36, 43, "gesprek") not in found
        assert ("kort-gesprek", "onthaal", 4, 11, "gesprek") in found


def test_a_new_label_is_found_in_a_text_that_writes_it_with_accents_and_capitals(
    framework: Flask,
) -> None:
    with framework.app_context():
        publish(with_alt(stored("onthaal"), "cafe"))

        found = links_as_rebuilt()
        assert ("buurtwerk", "onthaal", 47, 51, "Café") in found


def test_the_notes_a_publication_cannot_change_are_not_rewritten(framework: Flask) -> None:
    with framework.app_context():
        # A row taken out by hand stays out: a full rebuild would have put it back.
        marker = next(
            pk
            for pk, row in rows_by_pk().items()
            if row[:2] == ("jeugdhulp-op-maat", "gezinscoach")
        )
        db.session.execute(delete(CrossLink).where(CrossLink.pk == marker))
        db.session.commit()
        before = rows_by_pk()

        publish(with_alt(stored("jeugdhulp"), "hulpverlening"))

        after = rows_by_pk()
        assert marker not in after
        untouched = {"gezinscoach", "jeugdhulp-op-maat", "netwerk", "verslag", "onthaal"}
        assert {pk: row for pk, row in before.items() if row[0] in untouched} == {
            pk: row for pk, row in after.items() if row[0] in untouched
        }


def test_the_links_are_written_in_the_publication_s_transaction(framework: Flask) -> None:
    with framework.app_context():
        revision = current_revision(db.session).number
        before = links()
        change = Framework(
            clusters=[], sources=[], concepts=[with_alt(stored("jeugdhulp"), "hulpverlening")]
        )

        def fail(_: object) -> None:
            raise RuntimeError("the publication fails before its commit")

        with pytest.raises(RuntimeError):
            apply_change(db.session, plan_change(db.session, SCHEME_ID, change, RULES), None, fail)
        assert links() == before
        assert current_revision(db.session).number == revision

        apply_change(db.session, plan_change(db.session, SCHEME_ID, change, RULES))
        assert current_revision(db.session).number == revision + 1
        assert ("buurtwerk", "jeugdhulp", 21, 34, "hulpverlening") in links()
