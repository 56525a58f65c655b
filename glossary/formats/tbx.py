"""The framework as TBX (ISO 30042:2019), TBX-Basic dialect, DCA style, built with lxml.

One `conceptEntry` per concept (its id is the concept id, prefixed with `c-` when it does not
start with a letter, as XML IDs must not), with the clusters as `subjectField`, the concept URI
as an external cross reference, relations as cross references to other entries, and mappings
to other vocabularies as a note ("exact match: <URI>") with an external cross reference. One
`langSec` per language holds the definition (with its sources), the other notes, the
translation status and the plain-language explanation (with its review status) as notes, and
one `termSec` per preferred or alternative label.
Hidden labels are search aids, not terms, and are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from lxml import etree

from glossary.formats.json import related_concepts
from glossary.formats.markdown import render_plain
from glossary.language import cluster_title
from glossary.model_enums import ConceptStatus, LabelKind, MappingKind, NoteKind, TranslationStatus
from glossary.models import Concept, ConceptScheme
from glossary.timeutil import as_utc
from glossary.urls import concept_uri

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ADMINISTRATIVE_STATUS = {
    LabelKind.PREF: "preferredTerm-admn-sts",
    LabelKind.ALT: "admittedTerm-admn-sts",
}
NOTE_PREFIXES = {
    NoteKind.SCOPE_NOTE: "Scope note",
    NoteKind.EXAMPLE: "Example",
    NoteKind.EDITORIAL_NOTE: "Editorial note",
}
RELATION_NAMES = {
    "broader": "broader concept",
    "narrower": "narrower concept",
    "related": "related concept",
    "equivalent": "equivalent concept",
    "replaced_by": "replaced by",
    "replaces": "replaces",
}
# The terms of a concept no longer in force (TBX-Basic's administrative statuses): a replaced
# concept's are superseded, a retired one's deprecated.
RETIRED_TERM_STATUS = {
    ConceptStatus.REPLACED: "supersededTerm-admn-sts",
    ConceptStatus.RETIRED: "deprecatedTerm-admn-sts",
}
# "exact match", "close match", ...: each mapping kind in words
MAPPING_NAMES = {kind: kind.value.replace("_", " ") for kind in MappingKind}


def entry_id(slug: str) -> str:
    """The XML ID of a concept's entry: the slug, made a valid NCName when needed."""
    return slug if slug[:1].isalpha() else f"c-{slug}"


def _element(
    parent: etree._Element, tag: str, text: str | None = None, **attributes: str
) -> etree._Element:
    element = etree.SubElement(parent, f"{{{TBX_NAMESPACE}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _timestamp(moment: datetime) -> str:
    return as_utc(moment).replace(microsecond=0).isoformat()


def _transaction(parent: etree._Element, kind: str, moment: datetime) -> None:
    group = _element(parent, "transacGrp")
    _element(group, "transac", kind, type="transactionType")
    _element(group, "date", _timestamp(moment))


def _pref_text(concept: Concept, lang: str) -> str:
    for label in concept.labels:
        if label.kind is LabelKind.PREF and label.lang == lang:
            return label.text
    return concept.slug


def _header(root: etree._Element, scheme: ConceptScheme, source_language: str) -> None:
    titles = {text.lang: text.value for text in scheme.texts if text.field == "title"}
    file_desc = _element(_element(root, "tbxHeader"), "fileDesc")
    publication = _element(file_desc, "publicationStmt")
    _element(
        publication,
        "p",
        f"Concept scheme '{scheme.id}', data as of {_timestamp(scheme.modified_at)}.",
    )
    title_stmt = _element(file_desc, "titleStmt")
    _element(title_stmt, "title", titles.get(source_language, scheme.id))
    for lang, title in sorted(titles.items()):
        if lang != source_language:
            _element(title_stmt, "note", title, **{XML_LANG: lang})
    source_desc = _element(file_desc, "sourceDesc")
    for lang, description in sorted(
        (text.lang, text.value) for text in scheme.texts if text.field == "description"
    ):
        _element(source_desc, "p", description, **{XML_LANG: lang})
    if not len(source_desc):
        _element(source_desc, "p", titles.get(source_language, scheme.id))


def _lang_section(entry: etree._Element, concept: Concept, lang: str) -> None:
    section = _element(entry, "langSec", **{XML_LANG: lang})
    for note in concept.notes:
        if note.lang != lang or note.kind is not NoteKind.DEFINITION:
            continue
        group = _element(section, "descripGrp")
        _element(group, "descrip", render_plain(note.text), type="definition")
        for citation in concept.citations:
            _element(group, "admin", render_plain(citation.source.entry), type="source")
    for note in concept.notes:
        if note.lang == lang and note.kind in NOTE_PREFIXES:
            _element(section, "note", f"{NOTE_PREFIXES[note.kind]}: {render_plain(note.text)}")
    for translation in concept.translations:
        if translation.lang == lang and translation.status is not TranslationStatus.SOURCE:
            _element(section, "note", f"translation status: {translation.status.value}")
    for explanation in concept.explanations:
        if explanation.lang == lang:
            status = explanation.status.value
            _element(section, "note", f"Plain-language explanation ({status}): {explanation.text}")
    for label in concept.labels:
        if label.lang != lang or label.kind not in ADMINISTRATIVE_STATUS:
            continue
        term_section = _element(section, "termSec")
        _element(term_section, "term", label.text)
        _element(term_section, "termNote", "fullForm", type="termType")
        _element(
            term_section,
            "termNote",
            RETIRED_TERM_STATUS.get(concept.status, ADMINISTRATIVE_STATUS[label.kind]),
            type="administrativeStatus",
        )


def _concept_entry(body: etree._Element, concept: Concept, source_language: str) -> None:
    entry = _element(body, "conceptEntry", id=entry_id(concept.slug))
    _transaction(entry, "origination", concept.created_at)
    _transaction(entry, "modification", concept.modified_at)
    for membership in sorted(concept.memberships, key=lambda m: m.cluster.position):
        title = cluster_title(membership.cluster, source_language).text
        _element(entry, "descrip", title, type="subjectField")
    uri = concept_uri(concept.slug)
    _element(entry, "xref", uri, type="externalCrossReference", target=uri)
    _element(entry, "note", f"status: {concept.status.value}")
    if concept.valid_from:
        _element(entry, "note", f"valid from: {concept.valid_from.isoformat()}")
    if concept.valid_until:
        _element(entry, "note", f"valid until: {concept.valid_until.isoformat()}")
    for kind, others in related_concepts(concept).items():
        for other in others:
            _element(entry, "note", f"{RELATION_NAMES[kind]}: {_pref_text(other, source_language)}")
            _element(
                entry,
                "ref",
                _pref_text(other, source_language),
                type="crossReference",
                target=entry_id(other.slug),
            )
    for mapping in sorted(
        concept.mappings, key=lambda m: (list(MappingKind).index(m.kind), m.position)
    ):
        # A concept of another vocabulary: no entry here, so an external cross reference.
        _element(entry, "note", f"{MAPPING_NAMES[mapping.kind]}: {mapping.uri}")
        _element(entry, "xref", mapping.uri, type="externalCrossReference", target=mapping.uri)
    languages = sorted(
        {label.lang for label in concept.labels}, key=lambda lang: (lang != source_language, lang)
    )
    for lang in languages:
        _lang_section(entry, concept, lang)


def framework_tbx(
    scheme: ConceptScheme, concepts: Iterable[Concept], source_language: str
) -> bytes:
    """The whole framework as one TBX-Basic document (UTF-8 bytes with XML declaration)."""
    root = etree.Element(
        f"{{{TBX_NAMESPACE}}}tbx",
        {"type": "TBX-Basic", "style": "dca", XML_LANG: source_language},
        # lxml names the default namespace with the key None; its stubs allow only str keys.
        nsmap={None: TBX_NAMESPACE},  # type: ignore[dict-item]
    )
    _header(root, scheme, source_language)
    body = _element(_element(root, "text"), "body")
    for concept in concepts:
        _concept_entry(body, concept, source_language)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
