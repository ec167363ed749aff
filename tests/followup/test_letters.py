"""Follow-up letters: templates with merge fields rendered into one PDF that reads and looks like a letter."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from registry.followup.letters import (
    FIELDS,
    LetterData,
    RegistryInfo,
    TemplateError,
    TumorInfo,
    default_template,
    parse_template,
    render_letters,
)
from registry.followup.letters.model import long_date, merge_fields

REGISTRY = RegistryInfo("Riverside Medical Center Cancer Registry", ("1200 Riverside Drive", "Springfield, IL 62701"),
                        "(217) 555-0142", fax="(217) 555-0143", registrar="Jordan Ellis, CTR")


def _letter(number: int, recipient: str = "physician") -> LetterData:
    return LetterData(
        recipient, f"{number:08d}", "MARGARET", "O'NEILL & <SONS>", "19480312", "20230402",
        (TumorInfo("C509", "20190514"), TumorInfo.from_items({"primarySite": "C189", "dateOfDiagnosis": "2022"})),
        patient_address=("45 Elm Street", "Springfield, IL 62704"), physician_name="Ana Ruiz, MD",
        physician_last="Ruiz", physician_address=("300 Main Street, Suite 210", "Springfield, IL 62701"),
        letter_date=date(2024, 6, 17))


def _pdftotext(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdftoppm"),
                                   reason="poppler-utils (pdftotext, pdftoppm) not installed")


@needs_poppler
def test_physician_letters_render_to_one_pdf(tmp_path):
    pdf = render_letters([_letter(1), _letter(2), _letter(3)], default_template("physician"), REGISTRY)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "letters.pdf"
    path.write_bytes(pdf)
    text = _pdftotext(path)
    assert text.count("\f") == 3  # one page per letter
    for expected in ("Riverside Medical Center Cancer Registry", "June 17, 2024", "Dr. Ana Ruiz, MD",
                     "300 Main Street, Suite 210", "Dear Dr. Ruiz,", "Margaret O'Neill & <Sons>",
                     "Breast, NOS (diagnosed May 14, 2019); Colon, NOS (diagnosed 2022)",
                     "was April 2, 2023", "by July 17, 2024", "Vital status", "Alive", "Dead",
                     "Cancer status at last contact", "Recurrence since diagnosis", "New primary cancer since May 14",
                     "Jordan Ellis, CTR", "Registry patient no. 00000003"):
        assert expected in " ".join(text.split()) or expected in text, expected
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
                   check=True)
    png = tmp_path / "page-1.png"
    assert png.stat().st_size > 10_000
    with png.open("rb") as handle:
        header = handle.read(24)
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert (width, height) == (425, 550)  # US Letter at 50 dpi


@needs_poppler
def test_patient_letter(tmp_path):
    path = tmp_path / "patient.pdf"
    path.write_bytes(render_letters([_letter(7, "patient")], default_template("patient"), REGISTRY))
    text = " ".join(_pdftotext(path).split())
    assert "Dear Margaret O'Neill & <Sons>," in text and "45 Elm Street" in text and "Has the cancer come back?" in text


def test_unknown_merge_field_refused_with_line():
    template = default_template("physician").replace("{{patient.name}}", "{{patient.nmae}}", 1)
    with pytest.raises(TemplateError, match=r"line 5: unknown merge field \{\{patient.nmae\}\}; known fields"):
        render_letters([_letter(1)], template, REGISTRY)


@pytest.mark.parametrize(("text", "message"), [
    ("[subject]\nHi {{patient.name}\n", "line 2: a merge field is not closed"),
    ("[subject]\nx\n[greeting]\nHello\n", "line 3: unknown section \\[greeting\\]"),
    ("before\n[subject]\nx\n", "line 1: text before the first"),
    ("[subject]\nx\n[salutation]\nDear\n[body]\nText\n[questions]\nVital status | maybe\n[signature]\nMe\n",
     "line 8: a question needs"),
    ("[subject]\nx\n[salutation]\nDear\n", "no \\[body\\], \\[signature\\] section text"),
])
def test_bad_templates(text, message):
    with pytest.raises(TemplateError, match=message):
        parse_template(text)


def test_template_parsing():
    parsed = parse_template(default_template("physician"))
    kinds = [(q.kind, q.options or q.lines) for q in parsed.questions]
    assert kinds[:3] == [("choice", ("Alive", "Dead")), ("date", 1),
                         ("choice", ("No evidence of cancer", "Cancer present", "Unknown"))]
    assert len(parsed.paragraphs("body")) == 2


def test_every_field_has_a_value():
    fields = merge_fields(_letter(1), REGISTRY)
    assert set(fields) == set(FIELDS)
    assert fields["tumor.site"] == "Breast, NOS" and fields["patient.date_of_birth"] == "March 12, 1948"


def test_long_dates():
    assert [long_date(v) for v in ("20240305", "202403", "2024", "20240399", "")] == [
        "March 5, 2024", "March 2024", "2024", "March 2024", "unknown"]


def test_no_letters_refused():
    with pytest.raises(ValueError, match="no letters"):
        render_letters([], default_template("patient"), REGISTRY)
