"""TBX (ISO 30042, TBX-Basic, DCA style) → the records a CSV import reads.

Reads what `glossary.formats.tbx` writes, and the common TBX-Basic shapes of other tools:
one `conceptEntry` per concept (its id the concept id), `subjectField` as cluster, cross
references to other entries as relations (from the note naming the kind that precedes them),
external cross references after a "exact match: <URI>" note as mappings, per `langSec`
the definition (with its `admin type="source"` sources), notes and terms (preferred and
admitted), and the plain-language explanation with its review status from the note
"Plain-language explanation (draft): …". The records go through the checks every
input meets (`check`); what has no place in the model is reported by entry and element.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lxml import etree

from glossary import records
from glossary.formats.csvfile import Problem
from glossary.importing.problems import FrameworkInvalid, RecordKind, Rules, StoredLabels
from glossary.importing.read_common import checked
from glossary.importing.read_skos import RdfImport
from glossary.importing.skos_sources import citation_in_texts
from glossary.model_enums import concept_status_word
from glossary.text import slugify

TBX = "{urn:iso:std:iso:30042:ed-2}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RELATIONS = {
    "broader concept": "broader",
    "narrower concept": "narrower",
    "related concept": "related",
    "equivalent concept": "equivalent",
    "replaced by": "replaced_by",
    "replaces": "replaces",  # the inverse, stated by the successor: read from the replaced one
}
MAPPINGS = {
    "exact match": "exact_match",
    "close match": "close_match",
    "broad match": "broad_match",
    "narrow match": "narrow_match",
    "related match": "related_match",
}
NOTE_PREFIXES = {
    "Scope note": "scope_note",
    "Example": "example",
    "Editorial note": "editorial_note",
}
# The terms of a replaced or retired concept are superseded or deprecated (in label order, so
# the first is the preferred one): read as alternatives, the first becomes preferred.
TERM_KINDS = {
    "preferredTerm-admn-sts": "pref",
    "admittedTerm-admn-sts": "alt",
    "supersededTerm-admn-sts": "alt",
    "deprecatedTerm-admn-sts": "alt",
}
# today's words, and those of the earlier model (concept_status_word reads them)
STATUSES = ("valid", "replaced", "retired", "accepted", "draft", "deprecated")
VALIDITY_NOTES = {"valid from": "valid_from", "valid until": "valid_until"}
# the note `glossary.formats.tbx` writes for a plain-language explanation (NL-SBB uitleg)
EXPLANATION_NOTE = re.compile(r"Plain-language explanation \((\w+)\): (.+)", re.DOTALL)


# What one entry states, gathered as the entry is read: "labels", "notes", "rel", ... (each
# key holds its own kind of value, as the record will)
_EntryData = dict[str, Any]


def is_tbx_file(path: Path) -> bool:
    return path.suffix.lower() == ".tbx"


def _slug(entry_id: str) -> str:
    """The concept id of an entry: `c-` was put before ids that do not start with a letter."""
    if entry_id.startswith("c-") and not entry_id[2:3].isalpha():
        return entry_id[2:]
    return entry_id


def _text(element: etree._Element) -> str:
    return "".join(str(text) for text in element.itertext()).strip()


def read_tbx_framework(
    path: Path,
    source_language: str,
    stored_labels: StoredLabels | None = None,
    stored_citations: dict[str, str] | None = None,
    base_uri: str = "",
) -> RdfImport:
    """Read a TBX file into records, checked as every input is (`check`).

    TBX names a source by its bibliography entry only: a source whose in-text citation is
    already in the (shared) bibliography keeps that source's id (`stored_citations`:
    citation → id), so importing a TBX file never duplicates a stored source.
    """
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except OSError as error:
        raise FrameworkInvalid([Problem(str(path), 0, "", f"cannot read file: {error}")]) from error
    except etree.XMLSyntaxError as error:
        line = error.lineno or 0
        raise FrameworkInvalid(
            [Problem(str(path), line, "", f"not valid XML: {error.msg}")]
        ) from error
    reader = _TbxReader(tree.getroot(), source_language, stored_citations or {})
    framework, scheme = reader.read()
    rules = Rules(source_language, stored_labels or {}, base_uri)
    framework, scheme = checked(path, framework, scheme, rules, reader.subjects)
    return RdfImport(framework, scheme, reader.unrepresentable)


class _TbxReader:
    def __init__(
        self, root: etree._Element, source_language: str, stored_citations: dict[str, str]
    ) -> None:
        self.root = root
        self.stored_citations = stored_citations
        self.source_language = root.get(XML_LANG) or source_language
        self.default_language = source_language
        self.unrepresentable: list[str] = []
        self.subjects: dict[RecordKind, list[str]] = {}

    def _skip(self, entry: str, element: etree._Element, why: str) -> None:
        name = etree.QName(element).localname
        kind = element.get("type")
        self.unrepresentable.append(f"entry '{entry}' {name}{f'[{kind}]' if kind else ''}: {why}")

    def read(self) -> tuple[records.Framework, records.SchemeInfo]:
        scheme = self._scheme()
        entries = self.root.findall(f".//{TBX}conceptEntry")
        slugs = {entry.get("id", ""): _slug(entry.get("id", "")) for entry in entries}
        clusters: dict[str, str] = {}  # title → id, in order of first appearance
        for entry in entries:
            for field in entry.findall(f"{TBX}descrip[@type='subjectField']"):
                title = _text(field)
                if title and title not in clusters:
                    clusters[title] = slugify(title) or f"cluster-{len(clusters) + 1}"
        parsed = [self._entry(entry, slugs, clusters) for entry in entries]
        # symmetric relations stated from both sides are stored once
        stated = {(slug, kind, target) for slug, rec, _ in parsed for kind, target in rec["rel"]}
        sources = self._sources(parsed)
        concept_records = []
        for slug, data, _ in parsed:
            relations = self._relations(slug, data, parsed, stated)
            cited = tuple(
                dict.fromkeys(sources[entry].key for entry in data["sources"] if entry in sources)
            )
            concept_records.append(
                records.ConceptRecord(
                    slug=slug,
                    clusters=tuple(clusters[title] for title in data["clusters"]),
                    status=data["status"],
                    labels=data["labels"],
                    notes=data["notes"],
                    translation_status=data["translation_status"],
                    sources=cited,
                    related=tuple(relations["related"]),
                    broader=tuple(relations["broader"]),
                    equivalent=tuple(relations["equivalent"]),
                    replaced_by=tuple(relations["replaced_by"]),
                    valid_from=data["valid_from"],
                    valid_until=data["valid_until"],
                    mappings={k: tuple(v) for k, v in data["mappings"].items()},
                    explanations=data["explanations"],
                    explanation_status=data["explanation_status"],
                )
            )
        cluster_records = [
            records.ClusterRecord(cluster_id, position, {self.source_language: title})
            for position, (title, cluster_id) in enumerate(clusters.items(), start=1)
        ]
        self.subjects["concept"] = [f"entry '{slug}'" for slug, _, _ in parsed]
        self.subjects["cluster"] = [f"subjectField '{title}'" for title in clusters]
        self.subjects["source"] = [f"source '{entry[:60]}'" for entry in sources]
        framework = records.Framework(
            clusters=cluster_records, sources=list(sources.values()), concepts=concept_records
        )
        return framework, scheme

    def _relations(
        self,
        slug: str,
        data: _EntryData,
        parsed: list[tuple[str, _EntryData, list[str]]],
        stated: set[tuple[str, str, str]],
    ) -> dict[str, list[str]]:
        """The entry's relations by kind: a narrower one as the other entry's broader, a
        symmetric one stated from both sides once (from the smaller id)."""
        relations: dict[str, list[str]] = {
            "related": [],
            "broader": [],
            "equivalent": [],
            "replaced_by": [],
        }
        for kind, target in data["rel"]:
            if kind == "replaces":
                continue
            if kind == "narrower":
                if (target, "broader", slug) not in stated:
                    self.unrepresentable.append(
                        f"entry '{slug}' ref: narrower '{target}' is stated only here; "
                        "it is imported as the broader concept of that entry"
                    )
                continue
            if (
                kind in ("related", "equivalent")
                and target < slug
                and (target, kind, slug) in stated
            ):
                continue
            if target not in relations[kind]:
                relations[kind].append(target)
        for other, odata, _ in parsed:
            if (
                ("narrower", slug) in odata["rel"]
                and other not in relations["broader"]
                and (slug, "broader", other) not in stated
            ):
                relations["broader"].append(other)
        return relations

    def _scheme(self) -> records.SchemeInfo:
        info = records.SchemeInfo()
        file_desc = self.root.find(f"{TBX}tbxHeader/{TBX}fileDesc")
        if file_desc is None:
            return info
        title = file_desc.find(f"{TBX}titleStmt/{TBX}title")
        if title is not None and _text(title):
            info.texts[("title", self.source_language)] = _text(title)
        for note in file_desc.findall(f"{TBX}titleStmt/{TBX}note"):
            note_lang = note.get(XML_LANG)
            if note_lang:
                info.texts[("title", note_lang)] = _text(note)
        for paragraph in file_desc.findall(f"{TBX}sourceDesc/{TBX}p"):
            lang = paragraph.get(XML_LANG)
            if lang:
                info.texts[("description", lang)] = _text(paragraph)
        for lang in {lang for _, lang in info.texts} - {self.source_language}:
            info.translation_status[lang] = "draft"
        return info

    def _entry(
        self, entry: etree._Element, slugs: dict[str, str], clusters: dict[str, str]
    ) -> tuple[str, _EntryData, list[str]]:
        slug = slugs[entry.get("id", "")]
        data: _EntryData = {
            "clusters": [],
            "status": "valid",
            "valid_from": "",
            "valid_until": "",
            "rel": [],
            "mappings": {},
            "labels": {},
            "notes": {},
            "translation_status": {},
            "sources": [],
            "explanations": {},
            "explanation_status": {},
        }
        last_note = ""
        own_uri_seen = False
        for child in entry:
            name = etree.QName(child).localname
            kind = child.get("type")
            text = _text(child)
            if name == "transacGrp":
                continue
            if name == "descrip" and kind == "subjectField":
                if text in clusters and text not in data["clusters"]:
                    data["clusters"].append(text)
            elif name == "note":
                last_note = text
                found = re.fullmatch(r"status: (\w+)", text)
                prefix, _, rest = text.partition(": ")
                if found and found.group(1) in STATUSES:
                    data["status"] = concept_status_word(found.group(1))
                elif prefix in VALIDITY_NOTES:
                    data[VALIDITY_NOTES[prefix]] = rest.strip()
                elif prefix not in RELATIONS | MAPPINGS:
                    self._skip(slug, child, f"'{text[:60]}' has no place in the model")
            elif name == "ref" and kind == "crossReference":
                relation = RELATIONS.get(last_note.split(": ", 1)[0], "related")
                target = slugs.get(child.get("target", ""))
                if target is None:
                    self._skip(slug, child, f"'{child.get('target')}' is no entry of this file")
                else:
                    data["rel"].append((relation, target))
            elif name == "xref" and kind == "externalCrossReference":
                mapping = MAPPINGS.get(last_note.split(": ", 1)[0])
                target = child.get("target", "")
                if mapping and last_note.endswith(target):
                    data["mappings"].setdefault(mapping, []).append(target)
                elif not own_uri_seen:
                    own_uri_seen = True  # the concept's own URI: base + id here
                else:
                    self._skip(slug, child, "an external reference of no known kind")
            elif name == "langSec":
                self._lang_section(slug, child, data)
            else:
                self._skip(slug, child, "the model has no place for it")
        definitions = [text for (kind, _), text in data["notes"].items() if kind == "definition"]
        return slug, data, definitions

    def _lang_section(self, slug: str, section: etree._Element, data: _EntryData) -> None:
        lang = section.get(XML_LANG) or self.default_language
        terms: dict[str, list[str]] = {"pref": [], "alt": []}
        for child in section:
            name = etree.QName(child).localname
            if name in ("descripGrp", "descrip"):
                definition = (
                    child if name == "descrip" else child.find(f"{TBX}descrip[@type='definition']")
                )
                if definition is None or definition.get("type") != "definition":
                    self._skip(slug, child, "only definitions are read")
                    continue
                data["notes"][("definition", lang)] = _text(definition)
                for admin in child.findall(f"{TBX}admin[@type='source']"):
                    if _text(admin) not in data["sources"]:
                        data["sources"].append(_text(admin))
            elif name == "note":
                text = _text(child)
                prefix, _, rest = text.partition(": ")
                found = re.fullmatch(r"translation status: (draft|reviewed)", text)
                explained = EXPLANATION_NOTE.fullmatch(text)
                if found:
                    data["translation_status"][lang] = found.group(1)
                elif explained and lang in data["explanations"]:
                    self._skip(slug, child, f"a second explanation in '{lang}'")
                elif explained:
                    data["explanations"][lang] = explained.group(2).strip()
                    data["explanation_status"][lang] = explained.group(1)
                elif prefix in NOTE_PREFIXES and rest:
                    data["notes"][(NOTE_PREFIXES[prefix], lang)] = rest
                else:
                    self._skip(slug, child, f"'{text[:60]}' is no note the model knows")
            elif name == "termSec":
                term = child.find(f"{TBX}term")
                status = child.find(f"{TBX}termNote[@type='administrativeStatus']")
                kind = TERM_KINDS.get(_text(status) if status is not None else "", "alt")
                if term is not None and _text(term):
                    if status is not None and _text(status) not in TERM_KINDS:
                        self._skip(slug, status, f"'{_text(status)}' read as an admitted term")
                    terms[kind].append(_text(term))
            else:
                self._skip(slug, child, "the model has no place for it")
        if terms["pref"] or terms["alt"]:
            pref = terms["pref"][0] if terms["pref"] else terms["alt"].pop(0)
            data["labels"][lang] = records.LanguageLabels(
                pref, tuple(terms["pref"][1:] + terms["alt"])
            )
        if lang != self.source_language and lang in data["labels"]:
            data["translation_status"].setdefault(lang, "draft")

    def _sources(
        self, parsed: list[tuple[str, _EntryData, list[str]]]
    ) -> dict[str, records.SourceRecord]:
        """One source per distinct entry text, with its in-text citation found in the
        definitions of the entries that cite it."""
        citing: dict[str, list[str]] = {}
        for _, data, definitions in parsed:
            for entry in data["sources"]:
                citing.setdefault(entry, []).append("\n".join(definitions))
        found: dict[str, records.SourceRecord] = {}
        used: set[str] = set()
        keys: set[str] = set()
        for entry, texts in citing.items():
            citation = citation_in_texts(entry, "", texts, used)
            if citation is None:
                self.unrepresentable.append(
                    f"source '{entry[:60]}': its citation does not occur in the citing texts"
                )
                continue
            used.add(citation)
            key = self.stored_citations.get(citation) or slugify(citation)[:190] or "bron"
            base, number = key, 2
            taken = keys | {k for c, k in self.stored_citations.items() if c != citation}
            while key in taken:
                key, number = f"{base}-{number}", number + 1
            keys.add(key)
            found[entry] = records.SourceRecord(key=key, citation=citation, entry=entry)
        return found
