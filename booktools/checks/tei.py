"""The TEI edition against TEI P5's schema (tei_all, 4.9.0), with jing, and its internal pointers.

jing prints nothing for a valid document and ``file:line:column: error: ...`` for each fault.
Every ``@ref`` and ``@target`` that starts with "#" must name an ``xml:id`` of the document.
"""

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from ..shared import Problem
from .validity import CheckerFailed

SCHEMA = Path(__file__).parent / "schemas" / "tei_all.rng"  # TEI P5 4.9.0 (CC BY and BSD-2: its head)
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def schema_problems(document: Path) -> list[Problem]:
    try:
        result = subprocess.run(["jing", str(SCHEMA), str(document)], capture_output=True, text=True,
                                timeout=300)  # fmt: skip
    except FileNotFoundError as error:
        raise CheckerFailed(
            "jing is not installed (make check installs it: scripts/install-packages.sh)"
        ) from error
    problems = []
    for line in result.stdout.splitlines():
        path, _, rest = line.partition(":")
        number, _, rest = rest.partition(":")
        _, _, message = rest.partition(":")
        problems.append(Problem(Path(path), int(number) if number.isdigit() else None, message.strip()))
    if result.returncode != 0 and not problems:
        raise CheckerFailed(f"jing failed: {result.stderr.strip()[-500:]}")
    return problems


def pointer_problems(document: Path) -> list[Problem]:
    try:
        root = ET.parse(document).getroot()
    except ET.ParseError:
        return []  # not well-formed: jing names the line
    names = {element.get(XML_ID) for element in root.iter() if element.get(XML_ID)}
    problems = []
    for element in root.iter():
        for attribute in ("ref", "target"):
            for pointer in (element.get(attribute) or "").split():
                if pointer.startswith("#") and pointer[1:] not in names:
                    tag = element.tag.rpartition("}")[2]
                    problems.append(
                        Problem(document, None, f"<{tag} {attribute}={pointer!r}>: no such xml:id")
                    )
    return problems


def check(document: Path) -> list[Problem]:
    if not document.is_file():
        return [Problem(document, None, "no such file: make html (or make tei) builds it")]
    return schema_problems(document) + pointer_problems(document)
