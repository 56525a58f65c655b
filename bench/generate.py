"""Write a synthetic framework of N concepts in the bundled import format.

    python bench/generate.py --concepts 10000 --out /tmp/kader-10k [--seed 7]

The folder gets `begrippenkader.csv` (written by the exporter's own CSV writer, so the columns
are exactly those of data/begrippenkader.csv), and copies of the bundled `clusters.csv` and
`bronnen.csv`, and a `scheme.csv`. The output depends only on N and the seed.

Concepts look like the bundled ones: Dutch preferred labels built from real word parts
("Digitale jeugdhulpverlening", "Gezinscoaching voor ouders", "Video-overleg"), alternative
labels that swap a part for a synonym, a few misspelt hidden labels, draft English
translations for about a third, definitions of 20-60 words that mention other concepts and
sometimes cite a source, one or two of the six clusters, related and broader links. Every id
and every label is unique the way the importer compares them (`normalize_label`).
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import vocabulary as vocab  # noqa: E402
from glossary.formats.csvfile import write_concepts  # noqa: E402
from glossary.records import ConceptRecord, LanguageLabels  # noqa: E402
from glossary.text import normalize_label, slugify  # noqa: E402

DATA_DIR = ROOT / "data"
CONCEPTS_FILE = "begrippenkader.csv"
COPIED_FILES = ("clusters.csv", "bronnen.csv")
DEFAULT_SEED = 7
SOURCE_LANGUAGE = "nl"
VOWELS = frozenset("aeiouëï")
MIN_DEFINITION_WORDS = 20
MAX_DEFINITION_WORDS = 60
# Give up when this many candidate labels in a row were already taken.
MAX_MISSES = 100_000


@dataclass(frozen=True)
class LabelParts:
    """A label as word parts: [adjective] modifier…head [preposition group]."""

    head: str
    modifiers: tuple[str, ...] = ()
    adjective: str | None = None
    preposition: str | None = None
    group: str | None = None

    def dutch(self) -> str:
        words = [self.adjective] if self.adjective else []
        words.append(_compound([*self.modifiers, self.head]))
        if self.preposition and self.group:
            words += [self.preposition, self.group]
        return " ".join(words)

    def english(self) -> str:
        words = [vocab.ADJECTIVES[self.adjective]] if self.adjective else []
        modifiers = [vocab.MODIFIERS[modifier] for modifier in self.modifiers]
        head = vocab.HEADS[self.head]
        if modifiers and modifiers[-1] == "e":
            head = f"e-{head}"
            modifiers.pop()
        words += [*modifiers, head]
        if self.preposition and self.group:
            words += [vocab.PREPOSITIONS[self.preposition], vocab.GROUPS[self.group]]
        return " ".join(words)


def _compound(parts: list[str]) -> str:
    """Join compound parts the Dutch way: a hyphen after "e" and between clashing vowels."""
    text = parts[0]
    for part in parts[1:]:
        clash = text[-1] in VOWELS and part[0] in VOWELS
        text += f"-{part}" if text == "e" or clash else part
    return text


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class LabelRegistry:
    """The labels taken so far in one language, compared as the importer compares them."""

    def __init__(self) -> None:
        self._keys: set[str] = set()

    def claim(self, text: str) -> bool:
        key = normalize_label(text)
        if not key or key in self._keys:
            return False
        self._keys.add(key)
        return True


@dataclass
class Draft:
    """One concept while it is being generated."""

    slug: str
    parts: LabelParts
    pref: str
    alt: list[str]
    hidden: list[str]
    en_pref: str = ""
    en_alt: tuple[str, ...] = ()


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.nl = LabelRegistry()
        self.en = LabelRegistry()
        self.modifiers = list(vocab.MODIFIERS)
        self.heads = list(vocab.HEADS)
        self.adjectives = list(vocab.ADJECTIVES)
        self.groups = list(vocab.GROUPS)
        self.prepositions = list(vocab.PREPOSITIONS)
        self.clusters = _column(DATA_DIR / "clusters.csv", "id")
        self.sources = list(
            zip(
                _column(DATA_DIR / "bronnen.csv", "id"),
                _column(DATA_DIR / "bronnen.csv", "citation"),
                strict=True,
            )
        )

    # --- labels ---------------------------------------------------------------------------

    def random_parts(self) -> LabelParts:
        rng = self.rng
        head = rng.choice(self.heads)
        modifiers = tuple(dict.fromkeys(m for m in rng.sample(self.modifiers, 2) if m != head))
        shape = rng.random()
        if shape < 0.08:
            return LabelParts(head, modifiers[:1])
        if shape < 0.12:
            return LabelParts(head, adjective=rng.choice(self.adjectives))
        if shape < 0.22:
            return LabelParts(head, modifiers)
        if shape < 0.55:
            return LabelParts(head, modifiers[:1], adjective=rng.choice(self.adjectives))
        phrase = {"preposition": rng.choice(self.prepositions), "group": rng.choice(self.groups)}
        if shape < 0.80:
            return LabelParts(head, modifiers[:1], **phrase)
        return LabelParts(head, modifiers[:1], adjective=rng.choice(self.adjectives), **phrase)

    def preferred_labels(self, count: int) -> list[Draft]:
        drafts: list[Draft] = []
        slugs: set[str] = set()
        misses = 0
        while len(drafts) < count:
            parts = self.random_parts()
            label = _capitalised(parts.dutch())
            slug = slugify(label)
            if slug in slugs or not self.nl.claim(label):
                misses += 1
                if misses > MAX_MISSES:
                    raise RuntimeError(f"the vocabulary ran out of labels after {len(drafts)}")
                continue
            misses = 0
            slugs.add(slug)
            drafts.append(Draft(slug, parts, label, [], []))
        return drafts

    def variant(self, parts: LabelParts) -> LabelParts | None:
        """The parts with one word swapped for a synonym, or a part left out."""
        rng = self.rng
        changes: list[Callable[[], LabelParts | None]] = [
            lambda: _swap(parts, "head", parts.head, vocab.HEAD_SYNONYMS, rng),
        ]
        if parts.modifiers:
            changes.append(
                lambda: _swap_modifier(parts, rng),
            )
        if parts.adjective:
            changes.append(
                lambda: _swap(parts, "adjective", parts.adjective, vocab.ADJECTIVE_SYNONYMS, rng)
            )
            if parts.modifiers:
                changes.append(lambda: replace(parts, adjective=None))
        if parts.group:
            changes.append(lambda: replace(parts, preposition=None, group=None))
        result = rng.choice(changes)()
        return result if result != parts else None

    def add_alternatives(self, draft: Draft) -> None:
        wanted = self.rng.choices((0, 1, 2, 3), weights=(50, 30, 15, 5))[0]
        for _ in range(wanted * 3):
            if len(draft.alt) == wanted:
                break
            parts = self.variant(draft.parts)
            if parts is not None and self.nl.claim(text := parts.dutch()):
                draft.alt.append(text)
        if self.rng.random() < 0.04:
            misspelt = _misspelt(draft.pref.lower(), self.rng)
            if misspelt and self.nl.claim(misspelt):
                draft.hidden.append(misspelt)

    def add_english(self, draft: Draft) -> None:
        if self.rng.random() >= 0.35:
            return
        label = _capitalised(draft.parts.english())
        if not self.en.claim(label):
            return
        draft.en_pref = label
        if draft.alt and self.rng.random() < 0.4:
            variant = self.variant(draft.parts)
            if variant is not None and self.en.claim(text := variant.english()):
                draft.en_alt = (text,)

    # --- texts ----------------------------------------------------------------------------

    def noun_phrase(self) -> str:
        rng = self.rng
        compound = _compound([rng.choice(self.modifiers), rng.choice(self.heads)])
        if rng.random() < 0.4:
            return f"{rng.choice(('de', 'een'))} {rng.choice(self.adjectives)} {compound}"
        return f"{rng.choice(('de', 'het', 'een'))} {compound}"

    def dutch_sentence(self, others: list[str]) -> str:
        rng = self.rng
        kind = rng.random()
        group = rng.choice(self.groups)
        if kind < 0.3:
            return (
                f"Hierbij {rng.choice(('kunnen', 'moeten', 'willen'))} {group} "
                f"{rng.choice(vocab.ADVERBS)} {rng.choice(vocab.VERBS_PLURAL)}."
            )
        if kind < 0.55 and others:
            return (
                f"Het sluit aan bij {rng.choice(others).lower()} en "
                f"{self.noun_phrase()} {rng.choice(('van', 'voor', 'rond'))} {group}."
            )
        if kind < 0.8:
            return _capitalised(
                f"{self.noun_phrase()} {rng.choice(vocab.VERBS_SINGULAR)} {group} "
                f"{rng.choice(vocab.ADVERBS)} bij {self.noun_phrase()}."
            )
        return (
            f"Zo ontstaat {self.noun_phrase()} waarin {group} en "
            f"{rng.choice(self.groups)} {rng.choice(vocab.VERBS_PLURAL)}."
        )

    def definition(self, draft: Draft, others: list[str], citations: list[str]) -> str:
        rng = self.rng
        parts = draft.parts
        opening = (
            f"{rng.choice(vocab.OPENINGS)} {rng.choice(('een', 'elke'))} "
            f"{rng.choice(self.adjectives)} vorm van {parts.head} "
            f"{rng.choice(self.prepositions)} {parts.group or rng.choice(self.groups)}."
        )
        reference = f" ({'; '.join(citations)})" if citations else ""
        budget = MAX_DEFINITION_WORDS - len(reference.split())
        sentences = [opening]
        target = rng.randint(MIN_DEFINITION_WORDS, max(MIN_DEFINITION_WORDS, budget - 12))
        while _words(sentences) < target:
            sentences.append(self.dutch_sentence(others))
        while _words(sentences) > budget and len(sentences) > 1:
            sentences.pop()
        sentences[-1] = sentences[-1].rstrip(".") + reference + "."
        return " ".join(sentences)

    def english_definition(self, draft: Draft) -> str:
        rng = self.rng
        groups = [vocab.GROUPS[group] for group in rng.sample(self.groups, 3)]
        sentences = [
            f"{rng.choice(vocab.EN_OPENINGS)} {draft.parts.english()} as it is offered to "
            f"{groups[0]} and {groups[1]}.",
            f"It {rng.choice(vocab.EN_VERBS)} the way {groups[2]} work together, share "
            "information and keep in touch, online as well as face to face.",
        ]
        return " ".join(sentences)

    # --- concepts -------------------------------------------------------------------------

    def concepts(self, count: int) -> list[ConceptRecord]:
        drafts = self.preferred_labels(count)
        for draft in drafts:
            self.add_alternatives(draft)
            self.add_english(draft)
        slugs = [draft.slug for draft in drafts]
        return [self.record(index, draft, drafts, slugs) for index, draft in enumerate(drafts)]

    def record(
        self, index: int, draft: Draft, drafts: list[Draft], slugs: list[str]
    ) -> ConceptRecord:
        rng = self.rng
        others = [drafts[rng.randrange(len(drafts))].pref for _ in range(2)]
        others = [label for label in others if label != draft.pref]
        cited = rng.sample(self.sources, rng.choices((0, 1, 2), weights=(75, 20, 5))[0])
        notes = {("definition", "nl"): self.definition(draft, others, [c for _, c in cited])}
        if rng.random() < 0.10 and others:
            notes[("scope_note", "nl")] = f"Niet te verwarren met {others[0].lower()}."
        if rng.random() < 0.05:
            notes[("example", "nl")] = (
                f"Bijvoorbeeld {self.noun_phrase()} voor {rng.choice(self.groups)}."
            )
        labels = {"nl": LanguageLabels(draft.pref, tuple(draft.alt), tuple(draft.hidden))}
        translation_status: dict[str, str] = {}
        if draft.en_pref:
            labels["en"] = LanguageLabels(draft.en_pref, draft.en_alt)
            translation_status["en"] = "reviewed" if rng.random() < 0.2 else "draft"
            if rng.random() < 0.6:
                notes[("definition", "en")] = self.english_definition(draft)
        related = (
            tuple(
                dict.fromkeys(
                    slug
                    for slug in (rng.choice(slugs) for _ in range(rng.choice((1, 2))))
                    if slug != draft.slug
                )
            )
            if rng.random() < 0.25
            else ()
        )
        broader = (rng.choice(slugs[:index]),) if index and rng.random() < 0.15 else ()
        clusters = tuple(
            sorted(
                rng.sample(self.clusters, 2 if rng.random() < 0.25 else 1), key=self.clusters.index
            )
        )
        # Every generated concept is valid: the query mix may name any of them, and search
        # leaves replaced and retired concepts out by default. The draw that once chose a
        # status stays, so the rest of a generated framework is what it was before.
        rng.random()
        return ConceptRecord(
            slug=draft.slug,
            clusters=clusters,
            status="valid",
            labels=labels,
            notes=notes,
            translation_status=translation_status,
            sources=tuple(key for key, _ in cited),
            related=related,
            broader=broader,
        )


def _column(path: Path, name: str) -> list[str]:
    with path.open(encoding="utf-8", newline="") as stream:
        return [row[name] for row in csv.DictReader(stream)]


def _words(sentences: list[str]) -> int:
    return sum(len(sentence.split()) for sentence in sentences)


def _swap(
    parts: LabelParts,
    name: str,
    word: str | None,
    groups: tuple[tuple[str, ...], ...],
    rng: random.Random,
) -> LabelParts | None:
    for group in groups:
        if word in group:
            return replace(parts, **{name: rng.choice([w for w in group if w != word])})
    return None


def _swap_modifier(parts: LabelParts, rng: random.Random) -> LabelParts | None:
    for group in vocab.MODIFIER_SYNONYMS:
        if parts.modifiers[0] in group:
            other = rng.choice([word for word in group if word != parts.modifiers[0]])
            if other == parts.head or other in parts.modifiers:
                return None
            return replace(parts, modifiers=(other, *parts.modifiers[1:]))
    return None


def _misspelt(label: str, rng: random.Random) -> str | None:
    """A plausible misspelling: a letter of the longest word doubled or dropped."""
    word = max(label.split(), key=len)
    if len(word) < 6:
        return None
    position = rng.randrange(1, len(word) - 1)
    if not word[position].isalpha():
        return None
    changed = (
        word[:position] + word[position] + word[position:]
        if rng.random() < 0.5
        else word[:position] + word[position + 1 :]
    )
    return label.replace(word, changed, 1)


def scheme_row(count: int, seed: int) -> dict[str, str]:
    return {
        "title@nl": f"Synthetisch begrippenkader ({count} begrippen)",
        "title@en": f"Synthetic concept framework ({count} concepts)",
        "description@nl": f"Gegenereerd door bench/generate.py met seed {seed}; geen echte inhoud.",
        "description@en": f"Generated by bench/generate.py with seed {seed}; not real content.",
    }


def generate(count: int, out: Path, seed: int = DEFAULT_SEED) -> Path:
    """Write a framework of `count` concepts into `out`; returns the concepts file."""
    if count < 1:
        raise ValueError("a framework needs at least one concept")
    out.mkdir(parents=True, exist_ok=True)
    records = Generator(seed).concepts(count)
    concepts_path = out / CONCEPTS_FILE
    with concepts_path.open("w", encoding="utf-8", newline="") as stream:
        write_concepts(records, SOURCE_LANGUAGE, stream)
    for name in COPIED_FILES:
        shutil.copyfile(DATA_DIR / name, out / name)
    row = scheme_row(count, seed)
    with (out / "scheme.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(row), lineterminator="\n")
        writer.writeheader()
        writer.writerow(row)
    return concepts_path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, required=True, help="number of concepts")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    path = generate(args.concepts, args.out, args.seed)
    print(f"{args.concepts} concepts written to {path}")


if __name__ == "__main__":
    main()
