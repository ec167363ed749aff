"""Write a deterministic NAACCR XML v26 abstract file for the import/export benchmarks.

Usage: ``python bench/gen_naaccr_file.py --tumors 100000 --out /tmp/naaccr-100k.xml[.gz] [--seed 1] [--random-codes]``

Both modes write NAACCR XML specification 1.8, base dictionary 260, record type A, registryId 0000000001,
patients numbered 00000001.. and tumors 01, 02.. within a patient, about 120 items per tumor (28 Patient-level
items, 93 Tumor-level items and two 200-character text fields, textRemarks and textStaging). Every value is
valid for the dictionary, so the file validates. The same seed always gives the same bytes (timeGenerated is
fixed).

Realistic (the default): each patient is one of the demo registry's (``registry.demo.generator``, default
options), drawn lazily until the requested number of tumors is written (the last patient's tumors are cut if
needed; about 1.1 tumors per patient). Its abstracts are internally consistent (dates, age, vital status and
cause of death, site/histology, schema, stage, treatment, follow-up) apart from the demo's planted errors
(one mis-coded item in about 3 % of tumors) and incomplete abstracts (1-3 required items missing in about
5 %), so a tumor fails few edits (about 0.13 on average, mostly those). The demo's items are padded to the
sizes above with filler: Patient-level items of ``PATIENT_ITEMS`` the demo lacks, and coded Tumor-level items
in dictionary order, with codes from the SEER/IMS lookups shipped with ``registry.naaccr``; filler is taken
only from items that no cross-item edit reads (nor the SSDI/grade items whose codes depend on the schema), so
it cannot make a record inconsistent. The demo's textStaging is replaced by the 200-character text.

``--random-codes``: the former generator. Every item gets an independent random valid code (lookup codes
when a lookup exists and fits the item's type, else values of the right data type and length); 1 tumor per
patient 82 %, 2 tumors 14 %, 3 tumors 4 %. The records are incoherent (birth after diagnosis, cause of
death for living patients, impossible site/histology, ...): a stress case failing about 17 edits per tumor.
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from registry.demo.generator import DemoOptions, generate_registry
from registry.edits.engine import all_edits
from registry.naaccr import lookups
from registry.naaccr.dictionary import ItemDef, current

Maker = Callable[[random.Random], str]

PATIENT_ITEMS = [
    "patientIdNumber",
    "nameLast",
    "nameFirst",
    "nameMiddle",
    "nameBirthSurname",
    "dateOfBirth",
    "sexAssignedAtBirth",
    "race1",
    "race2",
    "race3",
    "race4",
    "race5",
    "spanishHispanicOrigin",
    "birthplaceState",
    "birthplaceCountry",
    "socialSecurityNumber",
    "addrCurrentCity",
    "addrCurrentState",
    "addrCurrentPostalCode",
    "addrCurrentNoStreet",
    "dateOfLastContact",
    "vitalStatus",
    "causeOfDeath",
    "icdRevisionNumber",
    "computedEthnicity",
    "computedEthnicitySource",
    "telephone",
    "followUpSourceCentral",
]
CORE_TUMOR_ITEMS = [
    "tumorRecordNumber",
    "sequenceNumberCentral",
    "dateOfDiagnosis",
    "primarySite",
    "histologicTypeIcdO3",
    "behaviorCodeIcdO3",
    "laterality",
    "grade",
    "diagnosticConfirmation",
    "ageAtDiagnosis",
    "addrAtDxCity",
    "addrAtDxState",
    "addrAtDxPostalCode",
    "countyAtDx",
    "reportingFacility",
    "accessionNumberHosp",
    "medicalRecordNumber",
    "dateOf1stContact",
    "classOfCase",
    "primaryPayerAtDx",
    "rxDateSurgery",
    "rxDateRadiation",
    "rxDateChemo",
    "rxSummSurgPrimSite",
    "rxSummRadiation",
    "rxSummChemo",
    "rxSummHormone",
    "rxSummBrm",
    "schemaId",
    "tumorSizeSummary",
    "regionalNodesPositive",
    "regionalNodesExamined",
    "summaryStage2018",
    "derivedSummaryStage2018",
    "eodPrimaryTumor",
    "eodRegionalNodes",
    "eodMets",
]
TEXT_ITEMS = ("textRemarks", "textStaging")
TUMOR_ITEM_COUNT = 93  # plus the two text fields
# Per-item edits whose allowed codes depend on the record's Schema ID: their items are never filler.
SCHEMA_DEPENDENT_EDITS = frozenset({"IF121", "IF122"})
# Patient-level filler tried first: items of PATIENT_ITEMS that the demo registry never writes.
PATIENT_FILLER_FIRST = ("computedEthnicity", "computedEthnicitySource", "telephone")
WORDS = [
    "lorem",
    "ipsum",
    "dolor",
    "sit",
    "amet",
    "consectetur",
    "adipiscing",
    "elit",
    "sed",
    "do",
    "eiusmod",
    "tempor",
    "incididunt",
    "ut",
    "labore",
    "et",
    "dolore",
    "magna",
    "aliqua",
    "biopsy",
    "margin",
    "negative",
    "nodes",
    "positive",
    "left",
    "right",
    "upper",
    "lobe",
    "mass",
    "&",
    "<1",
    "cm>",
]
TYPE_RE = {
    "digits": r"[0-9]+",
    "alpha": r"[A-Z]+",
    "mixed": r"[A-Z0-9]+",
    "numeric": r"[0-9]+(\.[0-9]+)?",
    "date": r"(18|19|20)[0-9][0-9]((0[1-9]|1[012])(0[1-9]|[12][0-9]|3[01])?)?",
    "text": r".+",
}


def _fits(item: ItemDef, code: str) -> bool:
    if len(code) > item.length or code != code.strip() or not code:
        return False
    if item.data_type in ("digits", "alpha", "mixed") and len(code) != item.length:
        return False
    return re.fullmatch(TYPE_RE.get(item.data_type, r".+"), code) is not None


def _date(rng: random.Random, lo: int = 1930, hi: int = 2025) -> str:
    return f"{rng.randint(lo, hi)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"


def _maker(item: ItemDef) -> Callable[[random.Random], str]:
    """A function drawing a valid value for one dictionary item."""
    table = lookups.codes(item.naaccr_id) or {}
    codes = sorted(c for c in table if _fits(item, c))
    n = item.length
    if codes:
        return lambda rng: rng.choice(codes)
    if item.data_type == "date":
        return _date
    if item.data_type == "dateTime":
        return lambda rng: f"{_date(rng, 2018)[:4]}-05-0{rng.randint(1, 9)}T10:{rng.randint(10, 59)}:00"
    if item.data_type == "digits" or item.data_type == "numeric":
        return lambda rng: "".join(rng.choices("0123456789", k=n))
    if item.data_type == "alpha":
        return lambda rng: "".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ", k=n))
    if item.data_type == "mixed":
        return lambda rng: "".join(rng.choices("ABCDEFGHJK0123456789", k=n))
    if item.naaccr_id in TEXT_ITEMS:
        return lambda rng: _text(rng, min(n, 200))
    return lambda rng: "".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ", k=min(n, rng.randint(3, 12))))


def _text(rng: random.Random, size: int) -> str:
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < size + 10:
        words.append(rng.choice(WORDS))
    return " ".join(words)[:size].strip().ljust(size, "x")


def tumor_items() -> list[str]:
    """Core tumor items, then other coded A-record tumor items in dictionary order, then the text fields."""
    d = current()
    chosen = list(CORE_TUMOR_ITEMS)
    for item in d:
        if len(chosen) >= TUMOR_ITEM_COUNT:
            break
        wanted = item.level == "Tumor" and item.naaccr_id not in chosen and item.naaccr_id not in TEXT_ITEMS
        if wanted and lookups.codes(item.naaccr_id):
            chosen.append(item.naaccr_id)
    return chosen + list(TEXT_ITEMS)


_HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<NaaccrData baseDictionaryUri="http://naaccr.org/naaccrxml/naaccr-dictionary-260.xml" '
    'recordType="A" specificationVersion="1.8" timeGenerated="2026-01-05T10:00:00-05:00" '
    'xmlns="http://naaccr.org/naaccrxml">\n'
    '    <Item naaccrId="recordType">A</Item>\n'
    '    <Item naaccrId="registryId">0000000001</Item>\n'
    '    <Item naaccrId="naaccrRecordVersion">260</Item>\n'
)


def _items_xml(indent: str, values: list[tuple[str, str]]) -> str:
    return "".join(f'{indent}<Item naaccrId="{k}">{escape(v)}</Item>\n' for k, v in values)


def generate(out, tumors: int, seed: int = 1, *, random_codes: bool = False) -> tuple[int, int]:
    """Write the file to a text stream; returns (patients, tumors)."""
    if random_codes:
        return _generate_random_codes(out, tumors, seed)
    return _generate_realistic(out, tumors, seed)


def _generate_random_codes(out, tumors: int, seed: int) -> tuple[int, int]:
    """Independent random valid codes for every item (the ``--random-codes`` stress case)."""
    d = current()
    rng = random.Random(seed)
    pat_makers = [(i, _maker(d[i])) for i in PATIENT_ITEMS]
    tum_makers = [(i, _maker(d[i])) for i in tumor_items()]
    out.write(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<NaaccrData baseDictionaryUri="http://naaccr.org/naaccrxml/naaccr-dictionary-260.xml" '
        'recordType="A" specificationVersion="1.8" timeGenerated="2026-01-05T10:00:00-05:00" '
        'xmlns="http://naaccr.org/naaccrxml">\n'
    )
    out.write(_items_xml("    ", [("recordType", "A"), ("registryId", "0000000001"), ("naaccrRecordVersion", "260")]))
    written = patients = 0
    while written < tumors:
        patients += 1
        count = min(tumors - written, rng.choices((1, 2, 3), weights=(82, 14, 4))[0])
        pvals = [(k, f"{patients:08d}" if k == "patientIdNumber" else m(rng)) for k, m in pat_makers]
        parts = ["    <Patient>\n", _items_xml("        ", pvals)]
        for t in range(count):
            tvals = [(k, f"{t + 1:02d}" if k == "tumorRecordNumber" else m(rng)) for k, m in tum_makers]
            parts += ["        <Tumor>\n", _items_xml("            ", tvals), "        </Tumor>\n"]
        parts.append("    </Patient>\n")
        out.write("".join(parts))
        written += count
    out.write("</NaaccrData>\n")
    return patients, written


def _filler_excluded() -> frozenset[str]:
    """Items never used as filler: those a cross-item edit reads (every edit but the table-driven ones), the
    SSDI/grade items whose allowed codes depend on the Schema ID, the record numbers and the text fields."""
    read: set[str] = {"patientIdNumber", "tumorRecordNumber", *TEXT_ITEMS}
    for e in all_edits():
        if e.per_item is None or e.id in SCHEMA_DEPENDENT_EDITS:
            read.update(e.items)
    return frozenset(read)


def fillers() -> tuple[list[tuple[str, Maker]], list[tuple[str, Maker]]]:
    """(Patient, Tumor) filler items with their makers, in the order they are used.

    Patient: the items of ``PATIENT_ITEMS`` (those the demo never writes first); Tumor: coded A-record
    Tumor-level items in dictionary order whose lookup has codes that fit the item, so they pass G001-G005.
    """
    d = current()
    never = _filler_excluded()
    order = [*PATIENT_FILLER_FIRST, *(i for i in PATIENT_ITEMS if i not in PATIENT_FILLER_FIRST)]
    patient = [(i, _maker(d[i])) for i in order if i not in never]
    tumor = []
    for item in d:
        if item.level != "Tumor" or "A" not in item.record_types or item.naaccr_id in never:
            continue
        if any(_fits(item, c) for c in lookups.codes(item.naaccr_id) or {}):
            tumor.append((item.naaccr_id, _maker(item)))
    return patient, tumor


def _generate_realistic(out, tumors: int, seed: int) -> tuple[int, int]:
    """The demo registry's consistent patients, padded with filler items no edit reads."""
    rng = random.Random(f"gen_naaccr_file filler {seed}")
    pat_fill, tum_fill = fillers()
    out.write(_HEADER)
    written = patients = 0
    for person in generate_registry(max(tumors, 0), seed, DemoOptions()):  # at least one tumor each
        if written >= tumors:
            break
        if not person.tumors:
            continue
        patients += 1
        pvals = [("patientIdNumber", f"{patients:08d}")]
        pvals += [(k, v) for k, v in person.items.items() if k != "patientIdNumber" and v]
        have = {k for k, _ in pvals}
        for k, m in pat_fill:
            if len(pvals) >= len(PATIENT_ITEMS):
                break
            if k not in have:
                pvals.append((k, m(rng)))
        parts = ["    <Patient>\n", _items_xml("        ", pvals)]
        for t, tumor in enumerate(person.tumors[: tumors - written]):
            tvals = [("tumorRecordNumber", f"{t + 1:02d}")]
            tvals += [(k, v) for k, v in tumor.items() if k != "tumorRecordNumber" and k not in TEXT_ITEMS and v]
            have = {k for k, _ in tvals}
            for k, m in tum_fill:
                if len(tvals) >= TUMOR_ITEM_COUNT:
                    break
                if k not in have:
                    tvals.append((k, m(rng)))
            tvals += [(k, _text(rng, 200)) for k in TEXT_ITEMS]
            parts += ["        <Tumor>\n", _items_xml("            ", tvals), "        </Tumor>\n"]
            written += 1
        parts.append("    </Patient>\n")
        out.write("".join(parts))
    out.write("</NaaccrData>\n")
    return patients, written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tumors", type=int, default=100_000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--random-codes",
        action="store_true",
        help="independent random valid codes for every item (incoherent records, about 17 edit failures per tumor)",
    )
    args = parser.parse_args(argv)
    opener = gzip.open if args.out.endswith(".gz") else open
    with opener(args.out, "wt", encoding="utf-8", newline="\n") as out:
        patients, tumors = generate(out, args.tumors, args.seed, random_codes=args.random_codes)
    print(f"wrote {args.out}: {patients} patients, {tumors} tumors")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
