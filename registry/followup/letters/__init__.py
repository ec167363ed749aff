"""Follow-up letters: editable templates with merge fields rendered into one printable PDF."""

from registry.followup.letters.model import FIELDS, LetterData, RegistryInfo, TumorInfo
from registry.followup.letters.render import render_letters
from registry.followup.letters.template import TemplateError, default_template, parse_template

__all__ = ["FIELDS", "LetterData", "RegistryInfo", "TemplateError", "TumorInfo", "default_template",
           "parse_template", "render_letters"]
