"""Turning one parsed ``Patient`` element (with its ``Tumor`` children) into records and issues.

Structure rules are those of ``naaccr_data_1.8.xsd``: an entity holds ``Item*``, then extension
elements from another namespace, then its child entities; ``Patient`` and ``Tumor`` take no attributes;
an ``Item`` has a required ``naaccrId`` and an optional ``naaccrNum`` and only text content.

Fast path (valid data): per entity, two compiled XPath calls return every item's id and text in C;
one XPath "shape" call per patient proves there is nothing else (no extension, attribute, empty or
mixed-content item, stray text); then :meth:`ItemRules.entity_ok` checks all values at once. Anything
that fails falls back to :meth:`EntityReader.walk`, which goes element by element and names each line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from registry.naaccr.xml.model import NAACCR_NS, PatientRecord, TumorRecord, ValidationIssue
from registry.naaccr.xml.rules import ItemRules

CHILD_LEVEL = {"NaaccrData": "Patient", "Patient": "Tumor", "Tumor": None}


@dataclass
class Walked:
    """What an element-by-element walk of one entity found."""

    items: dict[str, str] = field(default_factory=dict)
    extensions: list[str] = field(default_factory=list)
    children: list[etree._Element] = field(default_factory=list)


def split_tag(tag: str) -> tuple[str, str]:
    if tag[:1] == "{":
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


class EntityReader:
    """Reads Patient elements of one file with its rules (None = no dictionary validation)."""

    def __init__(self, rules: ItemRules | None, file_ns: str, relaxed: bool, unknown_items: str) -> None:
        self.rules = rules
        self.relaxed = relaxed
        self.unknown_items = unknown_items
        self.naaccr_ns = {NAACCR_NS, ""} if relaxed else {file_ns}
        prefix = "n:" if file_ns else ""
        self.tumor_tag = f"{{{file_ns}}}Tumor" if file_ns else "Tumor"
        self.item_tag = f"{{{file_ns}}}Item" if file_ns else "Item"
        ns = {"n": file_ns} if file_ns else {}

        def xp(expr: str) -> etree.XPath:
            return etree.XPath(expr, namespaces=ns, smart_strings=False)

        self._ids = xp(f"descendant::{prefix}Item/@naaccrId")
        self._texts = xp(f"descendant::{prefix}Item/text()")
        # The parser drops whitespace-only text between elements (remove_blank_text), so in a clean
        # patient every text node is an item value.
        self._shape = xp(
            "concat(count(descendant::*), ',', count(descendant-or-self::*/@*), ',', count(descendant::text()))"
        )

    # -- fast path -------------------------------------------------------------------------------
    def patient(self, el: etree._Element, index: int) -> PatientRecord:
        """The record of one Patient element (its tumors included), with every issue found.

        The fast path proves the shape with counts: every descendant element is an Item carrying a
        naaccrId (and nothing else) directly under the Patient or one of its Tumors, or one of those
        Tumors; each Item has exactly one text node and there is no other text; items come before tumors.
        """
        ids, texts = self._ids(el), self._texts(el)
        tumor_els = list(el.iterchildren(self.tumor_tag))
        sizes = [len(t) for t in tumor_els]
        n, n_tumors = len(ids), len(tumor_els)
        n_patient = el.index(tumor_els[0]) if n_tumors else len(el)
        if (
            len(texts) != n
            or n_patient + sum(sizes) != n
            or len(el) != n_patient + n_tumors
            or self._shape(el) != f"{n + n_tumors},{n},{n}"
        ):
            return self._slow_patient(el, index)
        values_ok = self.rules is None or self.rules.values_ok(ids, texts)
        items = dict(zip(ids[:n_patient], texts[:n_patient], strict=True))
        record = PatientRecord(items=items, line=el.sourceline or 0)
        if not self._entity_ok("Patient", record.items, n_patient, values_ok):
            record.items = self.walk(el, "Patient", record.errors, index, None).items
        pos = n_patient
        for t_index, (t_el, size) in enumerate(zip(tumor_els, sizes, strict=True)):
            end = pos + size
            tumor = TumorRecord(items=dict(zip(ids[pos:end], texts[pos:end], strict=True)), line=t_el.sourceline)
            pos = end
            if not self._entity_ok("Tumor", tumor.items, size, values_ok):
                tumor.items = self.walk(t_el, "Tumor", record.errors, index, t_index).items
            record.tumors.append(tumor)
        return record

    def _entity_ok(self, level: str, items: dict[str, str], count: int, values_ok: bool) -> bool:
        """No duplicate item (else the walk keeps the first and reports the rest) and, when validating,
        every value valid and every item allowed at this level."""
        if self.rules is None:
            return len(items) == count
        return values_ok and self.rules.entity_ok(level, items, count)

    def _slow_patient(self, el: etree._Element, index: int) -> PatientRecord:
        record = PatientRecord(line=el.sourceline or 0)
        walked = self.walk(el, "Patient", record.errors, index, None)
        record.items, record.extensions = walked.items, walked.extensions
        for t_index, t_el in enumerate(walked.children):
            tw = self.walk(t_el, "Tumor", record.errors, index, t_index)
            record.tumors.append(TumorRecord(items=tw.items, line=t_el.sourceline or 0, extensions=tw.extensions))
        return record

    # -- element-by-element walk ------------------------------------------------------------------
    def walk(
        self, el: etree._Element, level: str, issues: list[ValidationIssue], pidx: int | None, tidx: int | None
    ) -> Walked:
        """Items, extensions and child entities of an entity element, reporting every rule it breaks."""

        def report(line: int | None, kind: str, naaccr_id: str | None, message: str) -> None:
            issues.append(ValidationIssue(line or el.sourceline or 0, kind, naaccr_id, message, pidx, tidx))

        if level != "NaaccrData":
            for name in el.attrib:
                report(el.sourceline, "malformed-xml", None, f"{level} elements take no attributes ({name!r})")
            if el.text and el.text.strip():
                report(el.sourceline, "malformed-xml", None, f"text outside any Item in {level}")
        return self.walk_children(el, level, report)

    def walk_children(self, children: Iterable[etree._Element], level: str, report) -> Walked:
        walked = Walked()
        child_level = CHILD_LEVEL[level]
        stage = 0  # 0: items, 1: extensions, 2: child entities (the XSD sequence)
        for child in children:
            if not isinstance(child.tag, str):
                continue
            if child.tail and child.tail.strip():
                report(child.sourceline, "malformed-xml", None, f"text outside any Item in {level}")
            ns, local = split_tag(child.tag)
            if ns in self.naaccr_ns and local == "Item":
                if stage:
                    report(
                        child.sourceline,
                        "malformed-xml",
                        child.get("naaccrId"),
                        f"Item after the {level}'s {'extensions' if stage == 1 else child_level + ' elements'}",
                    )
                self.item(child, level, walked.items, report)
            elif ns in self.naaccr_ns and local == child_level:
                stage = 2
                walked.children.append(child)
            elif ns in self.naaccr_ns or ns == "":
                report(
                    child.sourceline,
                    "malformed-xml",
                    None,
                    f"unexpected element <{local}> in {level} (extensions must be in their own namespace)",
                )
            else:
                if stage == 2:
                    report(child.sourceline, "malformed-xml", None, f"extension <{local}> after {child_level} elements")
                stage = max(stage, 1)
                walked.extensions.append(etree.tostring(child, encoding="unicode", with_tail=False))
        return walked

    def item(self, child: etree._Element, level: str, items: dict[str, str], report) -> None:
        """Check one Item element and add its value to ``items`` when it is kept."""
        line = child.sourceline
        naaccr_id = child.get("naaccrId")
        for name in child.attrib:
            if name not in ("naaccrId", "naaccrNum"):
                report(line, "malformed-xml", naaccr_id, f"attribute {name!r} is not allowed on Item")
        if not naaccr_id:
            report(line, "malformed-xml", None, "Item without a naaccrId attribute")
            return
        if len(child):
            report(line, "malformed-xml", naaccr_id, "Item elements hold text only, not elements")
        value = child.text or ""
        if not value:
            return  # blank items are ignored (NAACCR XML 1.8)
        rules = self.rules
        if rules is None:
            items.setdefault(naaccr_id, value)
            return
        problem = rules.placement_problem(level, naaccr_id)
        if problem is not None:
            if problem[0] == "wrong-level" or self.unknown_items == "error":
                report(line, problem[0], naaccr_id, problem[1])
                return
            if self.unknown_items == "ignore":
                return
        number = rules.number_problem(naaccr_id, child.get("naaccrNum"))
        if number is not None:
            report(line, number[0], naaccr_id, number[1])
        if naaccr_id in items:
            report(line, "duplicate-item", naaccr_id, f"item {naaccr_id!r} appears more than once in this {level}")
            return
        value_problem = rules.item_problem(naaccr_id, value) if problem is None else None
        if value_problem is not None:
            report(line, value_problem[0], naaccr_id, value_problem[1])
        items[naaccr_id] = value
