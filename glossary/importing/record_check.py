"""Records read from another format (SKOS, TBX), checked exactly as a CSV file set is.

The records are written as the CSV file set in a scratch folder and read back through
`read_framework`, so a SKOS or TBX import meets every check an editor's CSV meets, by
construction. Each problem is then located at the subject of the original file it came from
(an RDF subject, a TBX entry) instead of a line of the scratch files.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from glossary.formats.csvfile import (
    Problem,
    read_table,
    write_clusters,
    write_concepts,
    write_scheme,
    write_sources,
)
from glossary.importing.read_csv import (
    CLUSTERS_FILE,
    SCHEME_FILE,
    SOURCES_FILE,
    FrameworkFiles,
    FrameworkInvalid,
    SchemeInfo,
    StoredLabels,
    read_framework,
)
from glossary.records import Framework

CONCEPTS_FILE = "concepts.csv"


def check_records(
    path: Path,
    framework: Framework,
    scheme: SchemeInfo,
    source_language: str,
    stored_labels: StoredLabels | None,
    subjects: dict[str, list[str]],
) -> tuple[Framework, SchemeInfo]:
    """Run the CSV checks on `framework`; raise FrameworkInvalid located in `path`.

    `subjects` names, per scratch file (concepts.csv, clusters.csv, bronnen.csv), the subject
    of each row in the order of the records ("<http://...>", "entry 'x'").
    """
    with tempfile.TemporaryDirectory() as folder:
        files = FrameworkFiles.beside(Path(folder) / CONCEPTS_FILE)
        with files.concepts.open("w", encoding="utf-8", newline="") as out:
            write_concepts(framework.concepts, source_language, out)
        with files.clusters.open("w", encoding="utf-8", newline="") as out:
            write_clusters(framework.clusters, source_language, out)
        with files.sources.open("w", encoding="utf-8", newline="") as out:
            write_sources(framework.sources, out)
        if scheme.texts:
            with files.scheme.open("w", encoding="utf-8", newline="") as out:
                write_scheme(scheme.texts, scheme.translation_status, source_language, out)
        try:
            return read_framework(files, source_language, stored_labels)
        except FrameworkInvalid as invalid:
            locator = _Locator(str(path), Path(folder), subjects)
            raise FrameworkInvalid(
                [locator.locate(problem) for problem in invalid.problems]
            ) from invalid


class _Locator:
    def __init__(self, path: str, folder: Path, subjects: dict[str, list[str]]) -> None:
        self.path = path
        self.folder = folder
        self.subjects = subjects
        self.lines: dict[str, list[int]] = {}

    def _lines(self, name: str) -> list[int]:
        if name not in self.lines:
            table = read_table(self.folder / name, []) if (self.folder / name).exists() else None
            self.lines[name] = [row.line for row in table.rows] if table else []
        return self.lines[name]

    def _subject(self, name: str, line: int) -> str | None:
        lines, subjects = self._lines(name), self.subjects.get(name, [])
        index = lines.index(line) if line in lines else -1
        return subjects[index] if 0 <= index < len(subjects) else None

    def locate(self, problem: Problem) -> Problem:
        name = Path(problem.path).name
        subject = self._subject(name, problem.line) or {
            SCHEME_FILE: "the scheme",
            CLUSTERS_FILE: "the collections",
            SOURCES_FILE: "the sources",
        }.get(name, "the file")
        column = re.sub(r"^column \d+ ", "", problem.column) if problem.column else ""
        message = re.sub(
            r"line (\d+)",
            lambda found: self._subject(name, int(found.group(1))) or found.group(0),
            problem.message,
        )
        return Problem(self.path, 0, f"{subject} {column}".strip(), message)
