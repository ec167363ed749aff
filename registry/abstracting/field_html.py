"""HTML of one abstract-screen field, built in Python: the screen has ~150 fields and a Jinja macro per field
was most of the page's server time. The parts that depend only on the item (label, attributes) are built once."""

from __future__ import annotations

import functools

from markupsafe import Markup, escape

from registry.abstracting.fields import FieldSpec, Problem, spec_for

_PICKERS = {"primarySite": ("topography", "Alt+T"), "histologicTypeIcdO3": ("histology", "Alt+H")}


@functools.lru_cache(maxsize=4096)
def _static(spec_id: str, section: str) -> tuple[str, str, str]:
    """(label, input attributes after the value, what follows the input) for an item."""
    spec = spec_for(spec_id, section)
    tags = ""
    if spec.level == "Patient" and section != "demographics":
        tags += ' <span class="tag" title="Patient level: shared by all of this patient\'s tumors">patient</span>'
    if spec.derived:
        tags += ' <span class="tag">derived</span>'
    label = f'<label for="i-{spec_id}">{escape(spec.name)} <span class="num">{spec.number}</span>{tags}</label>'
    attrs = f' size="{min(spec.length, 30)}" maxlength="{spec.length}" data-item="{spec_id}" autocomplete="off"'
    if spec.derived:
        attrs += ' readonly tabindex="-1"'
    after = ""
    if spec_id in _PICKERS:
        kind, keys = _PICKERS[spec_id]
        attrs += f' data-picker="{kind}"'
        after = f'<button type="button" class="find" data-open-picker="{kind}" title="{keys}">Find…</button>'
    return label, attrs, after


def field_html(spec: FieldSpec, value: str, label: str | None, problem: Problem | None, *, failing: bool,
               conflicted: bool) -> Markup:
    """One field: NAACCR name and number, the input (or textarea), the code's label and the problem message."""
    label_html, attrs, after = _static(spec.id, spec.section)
    classes = "f" + (" wide" if spec.multiline else "") + (" bad" if problem else "") + (" failing" if failing else "")
    value_html = escape(value)
    if conflicted:
        control = '<span class="conflict-note">Choose a value in the conflict box above.</span>'
    elif spec.multiline:
        control = (f'<textarea id="i-{spec.id}" name="{spec.id}" rows="3" maxlength="{spec.length}" '
                   f'data-item="{spec.id}">{value_html}</textarea>')
    else:
        control = (f'<span class="inp"><input id="i-{spec.id}" name="{spec.id}" value="{value_html}"{attrs}>'
                   f'{after}</span>')
    under = (f'<span class="under"><span class="lbl" data-label-for="{spec.id}">{escape(label or "")}</span>'
             f'<span class="msg" data-msg-for="{spec.id}" role="status">{escape(problem.message) if problem else ""}'
             '</span></span>')
    return Markup(f'<div class="{classes}" id="f-{spec.id}">{label_html}{control}{under}</div>')
