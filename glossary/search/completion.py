"""Label completion for autocomplete boxes: a sorted table of label keys and binary search.

Every preferred and alternative label is entered under its compact key ("E-hulp" → "ehulp")
and under the key of each later word ("digitaal dossier" → also "dossier"), so typing the
start of any word of a label finds it. The table is written sorted with an index version and
loaded once per process; a completion is two binary searches and a walk over at most a few
dozen neighbours, whatever the size of the framework.
"""

from __future__ import annotations

import os
import pickle
import shutil
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from glossary.search.analysis import fold_words
from glossary.search.engine import IndexDamaged

TABLE_FILE = "completions.pickle"
# An update's changes to the table it links from the version before (see update_completions).
DELTA_FILE = "completions-delta.pickle"
DELTA_ENTRIES = 2000
# Neighbours looked at per completion, as a multiple of the number asked for.
CANDIDATE_FACTOR = 4
KIND_ORDER = {"pref": 0, "alt": 1}


class CompletionEntry(NamedTuple):
    label: str
    concept_id: str
    lang: str
    kind: str


@dataclass(frozen=True)
class Completion:
    label: str
    concept_id: str
    lang: str
    kind: str
    # Where the typed text matched: at the start of the label, or at a later word.
    at_start: bool


def _keys(label: str) -> list[str]:
    words = fold_words(label)
    return ["".join(words[start:]) for start in range(len(words))]


def write_completions(folder: Path, entries: list[CompletionEntry]) -> None:
    """Sort the keys of `entries` and store them in `folder`."""
    starts: list[tuple[str, int]] = []
    later: list[tuple[str, int]] = []
    for number, entry in enumerate(entries):
        keys = _keys(entry.label)
        if not keys:
            continue
        starts.append((keys[0], number))
        later.extend((key, number) for key in keys[1:])
    starts.sort()
    later.sort()
    prefs: dict[str, dict[str, str]] = {}
    for entry in entries:
        if entry.kind == "pref":
            prefs.setdefault(entry.concept_id, {})[entry.lang] = entry.label
    table = {
        "entries": [tuple(entry) for entry in entries],
        "prefs": prefs,
        "start_keys": [key for key, _ in starts],
        "start_rows": [row for _, row in starts],
        "later_keys": [key for key, _ in later],
        "later_rows": [row for _, row in later],
    }
    _write(folder / TABLE_FILE, table)


def update_completions(
    folder: Path, previous: Path, rewritten: set[str], added: list[CompletionEntry]
) -> None:
    """Store in `folder` the table of `previous` with the entries of the concepts `rewritten`
    replaced by `added` (an index update, see index_update.py).

    The sorted table itself is not read: it is linked from `previous` as it is, and what
    changed goes beside it in a small delta (`DELTA_FILE`: the concepts whose entries no
    longer count, and their entries now), which the next update carries on. The table is
    worked out again, with the delta applied, once the delta holds more than
    `DELTA_ENTRIES` entries. A publication so writes a few entries, not a table of every
    label (at 100 000 concepts reading and writing that table was most of an update)."""
    removed, entries = _read_delta(previous)
    removed |= rewritten
    entries = [entry for entry in entries if entry[1] not in rewritten]
    entries += [tuple(entry) for entry in added]
    if len(entries) > DELTA_ENTRIES:
        table = _with_delta(_read_table(previous), removed, entries)
        _write(folder / TABLE_FILE, table)
        return
    _link(previous / TABLE_FILE, folder / TABLE_FILE)
    _write(folder / DELTA_FILE, {"removed": sorted(removed), "entries": entries})


def _with_delta(
    table: dict[str, Any], removed: set[str], added: list[tuple[str, ...]]
) -> dict[str, Any]:
    """`table` without the entries of the concepts `removed`, with `added`.

    The kept keys stay as they were, sorted, and only the new entries' keys are worked out
    and merged in: no label of an untouched concept is folded again. New entries come after
    the kept ones rather than at their concept's place, which decides nothing: rows only
    break ties between equal keys of equal labels, and two concepts never share a label.
    """
    if not removed and not added:
        return table
    entries: list[tuple[str, ...]] = []
    moved = [-1] * len(table["entries"])
    for row, entry in enumerate(table["entries"]):
        if entry[1] not in removed:
            moved[row] = len(entries)
            entries.append(entry)
    kept = {
        name: [
            (key, moved[row])
            for key, row in zip(table[f"{name}_keys"], table[f"{name}_rows"], strict=True)
            if moved[row] >= 0
        ]
        for name in ("start", "later")
    }
    prefs = {cid: labels for cid, labels in table["prefs"].items() if cid not in removed}
    for entry in added:
        number = len(entries)
        entries.append(entry)
        label, concept_id, lang, kind = entry
        if kind == "pref":
            prefs.setdefault(concept_id, {})[lang] = label
        keys = _keys(label)
        if keys:
            kept["start"].append((keys[0], number))
            kept["later"].extend((key, number) for key in keys[1:])
    result: dict[str, Any] = {"entries": entries, "prefs": prefs}
    for name, pairs in kept.items():
        pairs.sort()  # two sorted runs: a merge
        result[f"{name}_keys"] = [key for key, _ in pairs]
        result[f"{name}_rows"] = [row for _, row in pairs]
    return result


def _read_table(folder: Path) -> dict[str, Any]:
    with (folder / TABLE_FILE).open("rb") as stream:
        table: dict[str, Any] = pickle.load(stream)  # noqa: S301 - our own file, in the manifest
    return table


def _read_delta(folder: Path) -> tuple[set[str], list[tuple[str, ...]]]:
    """The delta of the version in `folder`: none when its table is whole."""
    path = folder / DELTA_FILE
    if not path.is_file():
        return set(), []
    with path.open("rb") as stream:
        delta = pickle.load(stream)  # noqa: S301 - our own file, in the manifest
    return set(delta["removed"]), [tuple(entry) for entry in delta["entries"]]


def _write(path: Path, data: dict[str, Any]) -> None:
    with path.open("wb") as out:
        pickle.dump(data, out, protocol=pickle.HIGHEST_PROTOCOL)


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


class CompletionTable:
    """The loaded table of one index version (the file is ours: written by `write_completions`)."""

    def __init__(self, folder: Path) -> None:
        try:
            table = _with_delta(_read_table(folder), *_read_delta(folder))
        except (OSError, EOFError, pickle.UnpicklingError, KeyError, ValueError) as error:
            raise IndexDamaged(f"{TABLE_FILE}: {error}") from error
        self._entries = [CompletionEntry(*entry) for entry in table["entries"]]
        self._start = (table["start_keys"], table["start_rows"])
        self._later = (table["later_keys"], table["later_rows"])
        self._prefs: dict[str, dict[str, str]] = table["prefs"]

    def pref_label(self, concept_id: str, lang: str) -> str:
        """The preferred label of a concept in `lang`, else in its first language."""
        labels = self._prefs.get(concept_id, {})
        return labels.get(lang) or next(iter(labels.values()), concept_id)

    def complete(self, text: str, lang: str, limit: int) -> list[Completion]:
        """Labels whose start, or the start of a later word, is `text`; best first.

        Best: the label equal to the text, then every label in `lang` before any label in
        another language (so a Dutch reader's slots fill with Dutch labels first, issue 18),
        then matches at the start of a label before matches at a later word, preferred before
        alternative labels, shorter before longer.
        """
        prefix = "".join(fold_words(text))
        if not prefix or limit <= 0:
            return []
        candidates = [
            (key, entry, at_start)
            for (keys, rows), at_start in ((self._start, True), (self._later, False))
            for key, entry in self._walk(keys, rows, prefix, limit * CANDIDATE_FACTOR)
        ]
        candidates.sort(
            key=lambda found: (
                not (found[2] and found[0] == prefix),
                found[1].lang != lang,
                not found[2],
                KIND_ORDER.get(found[1].kind, 2),
                len(found[0]),
                found[1].label.casefold(),
            )
        )
        completions: list[Completion] = []
        seen: set[tuple[str, str]] = set()
        for _, entry, at_start in candidates:
            identity = (entry.concept_id, entry.label.casefold())
            if identity in seen:
                continue
            seen.add(identity)
            completions.append(
                Completion(entry.label, entry.concept_id, entry.lang, entry.kind, at_start)
            )
            if len(completions) == limit:
                break
        return completions

    def _walk(
        self, keys: list[str], rows: list[int], prefix: str, most: int
    ) -> list[tuple[str, CompletionEntry]]:
        position = bisect_left(keys, prefix)
        found: list[tuple[str, CompletionEntry]] = []
        while position < len(keys) and len(found) < most and keys[position].startswith(prefix):
            found.append((keys[position], self._entries[rows[position]]))
            position += 1
        return found
