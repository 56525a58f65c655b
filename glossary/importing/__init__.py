"""The importer, in stages: read → check → plan → apply, and export.

Every way data enters (a CSV file set, a SKOS or TBX file, soon the web editor) produces the
same records (`glossary.records`), meets the same checks and is written by the same apply
step, in one transaction. This package's entry is what the CLI, the web surfaces and the
tests call; the stages are its modules:

- `read_csv`, `read_skos`, `read_tbx`: one reader per format, each giving records;
- `check`: the checks on records, every problem located;
- `plan`: the change plan, what records would change in the database;
- `apply`: writing a plan in one transaction, with cross-links and the revision bump;
- `export`: the stored framework as records;
- `pipeline`, `files`: the stages run in order, under the write lock.
"""

from glossary.importing.export import export_framework
from glossary.importing.files import import_file, is_importable_file
from glossary.importing.pipeline import (
    PlanOutdated,
    apply_change,
    import_framework,
    plan_change,
)
from glossary.importing.plan import ChangePlan
from glossary.importing.problems import FrameworkInvalid, Rules
from glossary.importing.read_csv import (
    CLUSTERS_FILE,
    SCHEME_FILE,
    SOURCES_FILE,
    FrameworkFiles,
    read_framework,
)
from glossary.importing.skos_publication import Publication

__all__ = [
    "CLUSTERS_FILE",
    "SCHEME_FILE",
    "SOURCES_FILE",
    "ChangePlan",
    "FrameworkFiles",
    "FrameworkInvalid",
    "PlanOutdated",
    "Publication",
    "Rules",
    "apply_change",
    "export_framework",
    "import_file",
    "import_framework",
    "is_importable_file",
    "plan_change",
    "read_framework",
]
