"""A minimal ISO Schematron evaluator for the TBX-Basic dialect rules (TBX-Basic_DCA.sch).

The rules declare queryBinding="xslt2", which lxml's XSLT 1 Schematron cannot run. They use
only two XPath 2 features: the function matches() and the step "./local-name()". This
evaluator runs them with lxml's XPath 1 after giving it a matches() function and rewriting that
step, and applies the Schematron semantics that matter here: within a pattern, a node is
checked by the first rule whose context it matches; a context ending in an attribute
("tbx:admin/@type") checks the attribute's value through its element.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

SCH = "{http://purl.oclc.org/dsdl/schematron}"
_FUNCTIONS = etree.FunctionNamespace(None)
_FUNCTIONS["matches"] = lambda _context, text, pattern: bool(
    re.search(pattern, text if isinstance(text, str) else "".join(text))
)


@dataclass(frozen=True)
class Failure:
    pattern: str
    context: str
    message: str
    where: str


def _xpath_1(expression: str) -> str:
    return expression.replace("./local-name()", "local-name()")


def validate(schema_path: Path, document: etree._ElementTree) -> list[Failure]:
    """Every failed assertion of the schema in the document."""
    schema = etree.parse(str(schema_path)).getroot()
    namespaces = {ns.get("prefix"): ns.get("uri") for ns in schema.iter(f"{SCH}ns")}
    failures: list[Failure] = []
    for pattern in schema.iter(f"{SCH}pattern"):
        checked: set[tuple[int, str | None]] = set()
        for rule in pattern.iter(f"{SCH}rule"):
            context = rule.get("context", "")
            element_path, _, attribute = context.rpartition("/@")
            if not element_path or "[" in attribute:
                element_path, attribute = context, ""
            matches = document.xpath(f"//{_xpath_1(element_path)}", namespaces=namespaces)
            for node in matches:
                if not isinstance(node, etree._Element):
                    continue
                if attribute and node.get(attribute) is None:
                    continue
                key = (id(node), attribute or None)
                if key in checked:
                    continue
                checked.add(key)
                for check in rule.iter(f"{SCH}assert"):
                    test = _xpath_1(check.get("test", ""))
                    if attribute:
                        test = re.sub(r"(?<![\w@/])\.(?![\w/])", f"@{attribute}", test)
                    if not node.xpath(f"boolean({test})", namespaces=namespaces):
                        failures.append(
                            Failure(
                                pattern.get("id", ""),
                                context,
                                " ".join((check.text or "").split()),
                                document.getpath(node),
                            )
                        )
    return failures
