"""Editable letter templates: plain text in sections, with ``{{merge.fields}}``.

Format (see ``templates/physician.txt``): lines starting with ``#`` are comments; ``[subject]``, ``[salutation]``,
``[body]``, ``[questions]``, ``[closing]`` and ``[signature]`` start sections (subject, salutation, body and
signature are needed). In the body and closing a blank line separates paragraphs; signature lines are kept as
lines. Each question line is ``question text | kind`` where kind is ``choice: A; B; C`` (tick boxes),
``date`` (month / day / year boxes) or ``lines: N`` (N ruled answer lines). Merge fields are the names in
``model.FIELDS``; a template naming any other field, or with an unclosed ``{{``, is refused with the line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from registry.followup.letters.model import FIELDS

SECTIONS = ("subject", "salutation", "body", "questions", "closing", "signature")
NEEDED = ("subject", "salutation", "body", "signature")
_FIELD = re.compile(r"\{\{\s*([A-Za-z_.]+)\s*\}\}")
_HEADER = re.compile(r"\[(\w+)\]")


class TemplateError(ValueError):
    """The letter template cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Question:
    text: str
    kind: str  # "choice", "date" or "lines"
    options: tuple[str, ...] = ()
    lines: int = 1


@dataclass(frozen=True)
class Template:
    sections: dict[str, list[str]]  # raw lines per section, comments removed
    questions: tuple[Question, ...]

    def paragraphs(self, section: str) -> list[str]:
        """Lines of a section joined into paragraphs at blank lines."""
        text = "\n".join(self.sections.get(section, []))
        return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]

    def lines(self, section: str) -> list[str]:
        return [line.strip() for line in self.sections.get(section, []) if line.strip()]


def _check_fields(line: str, number: int) -> None:
    for name in _FIELD.findall(line):
        if name not in FIELDS:
            raise TemplateError(f"line {number}: unknown merge field {{{{{name}}}}}; known fields: "
                                + ", ".join(FIELDS))
    if "{{" in _FIELD.sub("", line) or "}}" in _FIELD.sub("", line):
        raise TemplateError(f"line {number}: a merge field is not closed or not a name: {line.strip()!r}")


def _question(line: str, number: int) -> Question:
    text, _, kind = (part.strip() for part in line.partition("|"))
    name, _, argument = (part.strip() for part in kind.partition(":"))
    if name == "choice" and argument:
        return Question(text, "choice", tuple(o.strip() for o in argument.split(";") if o.strip()))
    if name == "date" and not argument:
        return Question(text, "date")
    if name == "lines" and argument.isdigit() and 1 <= int(argument) <= 6:
        return Question(text, "lines", lines=int(argument))
    raise TemplateError(f"line {number}: a question needs 'text | choice: A; B', 'text | date' or "
                        f"'text | lines: N' (N 1-6), not {line.strip()!r}")


def parse_template(text: str) -> Template:
    """Check and parse a template; raises ``TemplateError`` naming the line of the first problem."""
    sections: dict[str, list[str]] = {}
    questions: list[Question] = []
    current = None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        header = _HEADER.fullmatch(line.strip())
        if header:
            current = header.group(1).lower()
            if current not in SECTIONS:
                raise TemplateError(f"line {number}: unknown section [{current}]; sections: {', '.join(SECTIONS)}")
            sections.setdefault(current, [])
            continue
        _check_fields(line, number)
        if current is None:
            if line.strip():
                raise TemplateError(f"line {number}: text before the first [section]")
            continue
        if current == "questions" and line.strip():
            questions.append(_question(line, number))
        sections[current].append(line)
    missing = [s for s in NEEDED if not any(x.strip() for x in sections.get(s, []))]
    if missing:
        raise TemplateError(f"the template has no {', '.join('[' + s + ']' for s in missing)} section text")
    return Template(sections, tuple(questions))


def merge(text: str, fields: dict[str, str]) -> str:
    """Replace every ``{{field}}`` (already checked by ``parse_template``) with its value."""
    return _FIELD.sub(lambda m: fields[m.group(1)], text)


def default_template(recipient: str) -> str:
    """The text of a shipped default template: ``physician`` or ``patient``."""
    if recipient not in ("physician", "patient"):
        raise ValueError(f"no default template for {recipient!r}; use 'physician' or 'patient'")
    return (resources.files("registry.followup.letters") / "templates" / f"{recipient}.txt").read_text("utf-8")
