"""Inter-field edits on primary site, histology, behavior, laterality, sex and diagnostic confirmation.

Logic as documented for the NAACCR/SEER edits and their over-ride items (NAACCR v26 dictionary over-ride item
pages, summarised in shared/docs/staging-edits-codes.md §2.4; SEER IF24 as published in the SEER edits). Each
edit's docstring states its skip rule; over-ride flags make the edit pass.
"""

from __future__ import annotations

import functools

from registry.edits import dates, tables
from registry.edits.define import ALL_SETS, HOSPITAL, REVIEW_SETS, STATE, edit
from registry.edits.model import Record
from registry.naaccr import lookups

SITE, HIST, BEH, LAT = "primarySite", "histologicTypeIcdO3", "behaviorCodeIcdO3", "laterality"
SEX, DXCONF, DX = "sexAssignedAtBirth", "diagnosticConfirmation", "dateOfDiagnosis"
MICROSCOPIC = frozenset("124")


def _in(value: str, *ranges: tuple[str, str]) -> bool:
    return any(low <= value <= high for low, high in ranges)


@edit("IF040", "Primary Site, Morphology-Type, Beh ICDO3 (modelled on SEER IF25)", (SITE, HIST, BEH),
      override="overRideSiteType", sets=frozenset({STATE}),
      message="{@primarySite} {primarySite} with histology {histologicTypeIcdO3}/{behaviorCodeIcdO3} is not on the "
              "SEER Site/Histology Validation List: review, and set {@overRideSiteType} if correct",
      rule="SEER IF25: combinations not on the SEER ICD-O-3 Site/Histology Validation List need review "
           "(Over-ride Site/Type #2030)")
def site_type(r: Record) -> bool:
    """Skipped if site, histology or behavior is blank, or Over-ride Site/Type = 1. Uses the 2015-09-18 list
    for every diagnosis year (the 2024+ Cancer PathCHART list is not available)."""
    return r[SITE] + r[HIST] + r[BEH] in tables.site_histology_pairs()


def _coc_skin_exempt(site: str, hist: str) -> bool:
    return site.startswith("C44") and _in(hist, ("8000", "8005"), ("8010", "8046"), ("8050", "8084"),
                                          ("8090", "8110"))


@edit("IF041", "Primary Site, Morphology-Type, Beh ICDO3 (COC)", (SITE, HIST, BEH), override="overRideCocSiteType",
      sets=frozenset({HOSPITAL}),
      message="{@primarySite} {primarySite} with histology {histologicTypeIcdO3}/{behaviorCodeIcdO3} needs review: "
              "set {@overRideCocSiteType} if correct",
      rule="COC version of SEER IF25 (Over-ride CoC-Site/Type #1987); skin C440-C449 with 8000-8005, 8010-8046, "
           "8050-8084, 8090-8110 is exempt")
def coc_site_type(r: Record) -> bool:
    """Skipped if site, histology or behavior is blank, Over-ride CoC-Site/Type = 1, or for the non-reportable
    skin histologies listed in the rule."""
    return _coc_skin_exempt(r[SITE], r[HIST]) or site_type(r)


@edit("IF042", "Primary Site, Sex Assigned at Birth: female sites (NAACCR)", (SITE, SEX),
      message="{@primarySite} {primarySite} is a female genital site but {@sexAssignedAtBirth} is {sexAssignedAtBirth}",
      rule="Female-only sites C510-C589 (vulva, vagina, cervix, corpus, ovary, placenta ...) cannot be coded with "
           "Sex Assigned at Birth 1 (male); NAACCR item #225 coding instruction 3b")
def female_site(r: Record) -> bool:
    """Skipped if Primary Site or Sex Assigned at Birth is blank."""
    return not ("C510" <= r[SITE] <= "C589" and r[SEX] == "1")


@edit("IF043", "Primary Site, Sex Assigned at Birth: male sites (NAACCR)", (SITE, SEX),
      message="{@primarySite} {primarySite} is a male genital site but {@sexAssignedAtBirth} is {sexAssignedAtBirth}",
      rule="Male-only sites C600-C639 (penis, prostate, testis ...) cannot be coded with Sex Assigned at Birth 2 "
           "(female); NAACCR item #225 coding instruction 3a")
def male_site(r: Record) -> bool:
    """Skipped if Primary Site or Sex Assigned at Birth is blank."""
    return not ("C600" <= r[SITE] <= "C639" and r[SEX] == "2")


def _paired_rule(site: str, year: int | None) -> tables.Laterality | None:
    """The paired-site rule for a site in a diagnosis year (None: not paired that year)."""
    if site == "C444" and year is not None and year >= 2021:
        return tables.Laterality("paired", frozenset("123459"), 2021)  # SEER IF24: C444 paired from 2021
    rule = tables.paired_sites().get(site)
    if rule is None or rule.status == "paired_or_unpaired":
        return None
    if rule.from_year is not None and (year is None or year < rule.from_year):
        return None
    return rule


@edit("IF044", "Laterality, Primary Site, Date of Diag: paired sites (modelled on SEER IF24)", (SITE, LAT, DX),
      requires=(SITE, LAT),
      message="{@primarySite} {primarySite} is a paired organ: {@laterality} {laterality} is not allowed",
      rule="SEER IF24: paired organ sites need laterality 1-4 or 9 (not 0); 5 (midline) only for dx 2010+ and "
           "C700, C710-C714, C722-C725, C443, C445; C342 (middle lobe) only right")
def paired_site_laterality(r: Record) -> bool:
    """Skipped if Primary Site or Laterality is blank; sites paired only from a year (brain 2004+) are skipped
    when the diagnosis year is blank; C090-C091 are not checked for dx 2018+ (SEER IF24)."""
    site, lat, year = r[SITE], r[LAT], dates.year_of(r.get(DX))
    if year is not None and year >= 2018 and site in ("C090", "C091"):
        return True
    if lat == "5":
        return (year is not None and year >= 2010 and
                site in ("C700", "C710", "C711", "C712", "C713", "C714", "C722", "C723", "C724", "C725", "C443",
                         "C445"))
    rule = _paired_rule(site, year)
    return rule is None or lat in rule.allowed


@edit("IF045", "Laterality, Primary Site: unpaired sites (COC)", (SITE, LAT, DX), requires=(SITE, LAT),
      message="{@primarySite} {primarySite} is not a paired organ: {@laterality} must be 0, not {laterality}",
      rule="Laterality 0 (not a paired site) for every site not on the paired-site list (CCR Vol. III statement "
           "of SEER IF24, part f)")
def unpaired_site_laterality(r: Record) -> bool:
    """Skipped if Primary Site or Laterality is blank, for C809 (edit IF046) and for sites that may be coded
    either way (C300, C340, C413, C414) or are paired only from a later year when the year is blank."""
    site, year = r[SITE], dates.year_of(r.get(DX))
    if site == "C809" or _paired_rule(site, year) is not None:
        return True
    rule = tables.paired_sites().get(site)
    if rule is not None and (rule.status == "paired_or_unpaired" or year is None):
        return True
    if r[LAT] == "5" and year is not None and year >= 2010 and site in ("C443", "C445"):
        return True
    return r[LAT] == "0"


@edit("IF046", "Unknown Site, Laterality (modelled on SEER IF138)", (SITE, LAT),
      message="{@primarySite} C809 (unknown primary) needs {@laterality} 0, not {laterality}",
      rule="SEER IF138: an unknown primary site (C809) has Laterality 0")
def unknown_site_laterality(r: Record) -> bool:
    """Skipped if Primary Site or Laterality is blank."""
    return r[SITE] != "C809" or r[LAT] == "0"


def _lat_morph_exempt(hist: str) -> bool:
    return hist in ("9140", "9700", "9701") or "9590" <= hist <= "9980"


@edit("IF047", "Laterality, Primary Site, Morph ICDO3 (modelled on SEER IF42)", (SITE, HIST, BEH, LAT),
      override="overRideSiteLatMorph", sets=REVIEW_SETS,
      message="In situ {@primarySite} {primarySite} is a paired organ: {@laterality} must be 1, 2 or 3, "
              "not {laterality}",
      rule="SEER IF42: an in situ tumor (behavior 2) of a paired organ must have laterality 1, 2 or 3; skipped "
           "for 9140, 9700, 9701, 9590-9980 (Over-ride Site/Lat/Morph #2074)")
def in_situ_laterality(r: Record) -> bool:
    """Skipped if site, histology, behavior or laterality is blank, Over-ride Site/Lat/Morph = 1, or for the
    histologies listed in the rule."""
    if r[BEH] != "2" or _lat_morph_exempt(r[HIST]) or r[SITE] not in tables.paired_sites():
        return True
    return r[LAT] in ("1", "2", "3")


_NO_IN_SITU_SITES = frozenset({"C269", "C399", "C559", "C579", "C639", "C689", "C729", "C759", "C809"})


@edit("IF048", "Primary Site, Behavior Code ICDO3 (modelled on SEER IF39)", (SITE, BEH),
      override="overRideSiteBehavior", sets=REVIEW_SETS,
      message="{@primarySite} {primarySite} is too unspecific for an in situ behavior ({@behaviorCodeIcdO3} "
              "{behaviorCodeIcdO3})",
      rule="SEER IF39: behavior 2 is not allowed for C269, C399, C559, C579, C639, C689, C729, C759, C760-C768, "
           "C809 (Over-ride Site/Behavior #2071)")
def site_behavior(r: Record) -> bool:
    """Skipped if Primary Site or Behavior is blank, or Over-ride Site/Behavior = 1."""
    site = r[SITE]
    return r[BEH] != "2" or not (site in _NO_IN_SITU_SITES or "C760" <= site <= "C768")


@edit("IF049", "Diagnostic Confirmation, Behavior ICDO3 (modelled on SEER IF31)", (DXCONF, BEH),
      override="overRideHistology", override_values=("1", "3"), sets=REVIEW_SETS,
      message="In situ behavior ({@behaviorCodeIcdO3} {behaviorCodeIcdO3}) needs microscopic confirmation: "
              "{@diagnosticConfirmation} is {diagnosticConfirmation}",
      rule="SEER IF31: behavior 2 (in situ) requires Diagnostic Confirmation 1, 2 or 4 (Over-ride Histology #2040)")
def in_situ_confirmation(r: Record) -> bool:
    """Skipped if Diagnostic Confirmation or Behavior is blank, or Over-ride Histology is 1 or 3."""
    return r[BEH] != "2" or r[DXCONF] in MICROSCOPIC


_NOT_IN_SITU = (("8000", "8005"), ("8020", "8021"), ("8331", "8332"), ("8800", "9055"), ("9062", "9062"),
                ("9082", "9083"), ("9110", "9493"), ("9501", "9989"))


@edit("IF050", "Morphology--Type/Behavior ICDO3: in situ (modelled on SEER MORPH)", (HIST, BEH),
      override="overRideHistology", override_values=("1", "3"), sets=REVIEW_SETS,
      message="Histology {histologicTypeIcdO3} is not accepted as in situ ({@behaviorCodeIcdO3} {behaviorCodeIcdO3})",
      rule="SEER MORPH: histologies 8000-8005, 8020, 8021, 8331, 8332, 8800-9055, 9062, 9082, 9083, 9110-9493, "
           "9501-9989 cannot be in situ without review (Over-ride Histology #2040)")
def in_situ_histology(r: Record) -> bool:
    """Skipped if histology or behavior is blank, or Over-ride Histology is 1 or 3."""
    return r[BEH] != "2" or not _in(r[HIST], *_NOT_IN_SITU)


@functools.cache
def _highest_behavior() -> dict[str, str]:
    """ICD-O-3 histology -> the highest behavior it has in ICD-O-3 (NAACCR lookup of all terms)."""
    top: dict[str, str] = {}
    for hist, behavior, _term, _preferred in lookups.histology_terms():
        if behavior > top.get(hist, ""):
            top[hist] = behavior
    return top


@edit("IF051", "Morphology--Type/Behavior ICDO3: benign histology coded malignant (modelled on SEER MORPH)",
      (HIST, BEH), override="overRideHistology", override_values=("1", "3"), sets=REVIEW_SETS,
      message="Histology {histologicTypeIcdO3} is only benign or uncertain in ICD-O-3 but is coded "
              "{@behaviorCodeIcdO3} {behaviorCodeIcdO3}",
      rule="SEER MORPH / Over-ride Histology #2040 code 1: histologies that are only /0 or /1 in ICD-O-3 coded /2 "
           "or /3 need review")
def benign_histology_malignant(r: Record) -> bool:
    """Skipped if histology or behavior is blank, the histology is not in ICD-O-3 (G001 reports it), or
    Over-ride Histology is 1 or 3."""
    top = _highest_behavior().get(r[HIST])
    return top is None or r[BEH] not in ("2", "3") or top >= "2"


@edit("IF052", "Diagnostic Confirmation, Histology ICDO3 (modelled on SEER IF48)", (DXCONF, HIST),
      override="overRideLeukLymphoma", sets=REVIEW_SETS,
      message="Histology {histologicTypeIcdO3} cannot be confirmed by {@diagnosticConfirmation} "
              "{diagnosticConfirmation}",
      rule="SEER IF48: lymphoma 9590-9729 cannot have confirmation 6 (direct visualization) or 8 (clinical); "
           "9731-9948 cannot have 6 (Over-ride Leuk, Lymphoma #2070)")
def heme_confirmation(r: Record) -> bool:
    """Skipped if confirmation or histology is blank, or Over-ride Leuk, Lymphoma = 1."""
    hist, conf = r[HIST], r[DXCONF]
    if "9590" <= hist <= "9729":
        return conf not in ("6", "8")
    return not ("9731" <= hist <= "9948" and conf == "6")


@edit("IF053", "Diagnostic Confirmation 3, Histology ICDO3 (NAACCR)", (DXCONF, HIST),
      message="{@diagnosticConfirmation} 3 (histology with immunophenotyping/genetics) is for hematopoietic "
              "histologies 9590-9993 only, not {histologicTypeIcdO3}",
      rule="NAACCR item #490 code 3: positive histology AND immunophenotyping/genetic studies, 9590/3-9993/3 only")
def confirmation_code_3(r: Record) -> bool:
    """Skipped if confirmation or histology is blank."""
    return r[DXCONF] != "3" or "9590" <= r[HIST] <= "9993"


def _ill_defined_conflict(site: str, hist: str) -> bool:
    """The four SEER IF22 conditions that make a multiple-primary case need review."""
    if ("C760" <= site <= "C768" or site == "C809") and hist < "9590":
        return True
    if "C770" <= site <= "C779" and not (_in(hist, ("9590", "9729"), ("9735", "9738"), ("9811", "9818"))
                                         or hist in ("9823", "9827", "9837")):
        return True
    if "C420" <= site <= "C424" and not "9590" <= hist <= "9992":
        return True
    return "9740" <= hist <= "9758"


def _multiple_primaries(seq: str) -> bool:
    return seq.isdigit() and "01" <= seq <= "59"


@edit("IF054", "Seq Num--Central, Prim Site, Morph ICDO3 (modelled on SEER IF22)",
      ("sequenceNumberCentral", SITE, HIST), override="overRideIllDefineSite", sets=frozenset({STATE}),
      message="{@sequenceNumberCentral} {sequenceNumberCentral} shows more than one primary and {@primarySite} "
              "{primarySite} with histology {histologicTypeIcdO3} may be a metastasis: review",
      rule="SEER IF22: multiple primaries with ill-defined/unknown site, lymph node or blood sites and "
           "non-matching histology, or histology 9740-9758, need review (Over-ride Ill-define Site #2060)")
def central_ill_defined(r: Record) -> bool:
    """Skipped if any item is blank, the sequence number is 00 (one primary), 60-88 or 98-99, or Over-ride
    Ill-define Site = 1."""
    return not (_multiple_primaries(r["sequenceNumberCentral"]) and _ill_defined_conflict(r[SITE], r[HIST]))


@edit("IF055", "Seq Num--Hosp, Primary Site, Morph ICDO3 (COC)", ("sequenceNumberHospital", SITE, HIST),
      override="overRideHospseqSite", sets=frozenset({HOSPITAL}),
      message="{@sequenceNumberHospital} {sequenceNumberHospital} shows more than one primary and {@primarySite} "
              "{primarySite} with histology {histologicTypeIcdO3} may be a metastasis: review",
      rule="Hospital version of SEER IF22 (Over-ride HospSeq/Site #1988)")
def hospital_ill_defined(r: Record) -> bool:
    """Skipped if any item is blank, the sequence number is 00, 60-88 or 98-99, or Over-ride HospSeq/Site = 1."""
    return not (_multiple_primaries(r["sequenceNumberHospital"]) and _ill_defined_conflict(r[SITE], r[HIST]))


@edit("IF056", "Type of Rep Srce(DC), Seq Num--Cent, ICDO3 (modelled on SEER IF04)",
      ("typeOfReportingSource", "sequenceNumberCentral", HIST), override="overRideReportSource",
      sets=frozenset({STATE}),
      message="Death-certificate-only case ({@typeOfReportingSource} 7) with histology {histologicTypeIcdO3} has "
              "{@sequenceNumberCentral} {sequenceNumberCentral}: review",
      rule="SEER IF04: a DCO case with histology < 9590 must have sequence number 00 (Over-ride Report Source #2050)")
def dco_sequence(r: Record) -> bool:
    """Skipped if any item is blank or Over-ride Report Source = 1."""
    return not (r["typeOfReportingSource"] == "7" and r[HIST] < "9590" and r["sequenceNumberCentral"] != "00")


def _seq_behavior(seq: str, behavior: str, site: str) -> bool:
    if behavior in ("0", "1"):
        return "60" <= seq <= "88"
    if seq == "98":
        return behavior == "2" and "C530" <= site <= "C539"
    return True


@edit("IF057", "Behavior ICDO3, Seq Num--Central (NAACCR)", (BEH, "sequenceNumberCentral", SITE),
      requires=(BEH, "sequenceNumberCentral"), sets=frozenset({STATE}),
      message="{@sequenceNumberCentral} {sequenceNumberCentral} conflicts with {@behaviorCodeIcdO3} "
              "{behaviorCodeIcdO3}",
      rule="NAACCR #380: 60-88 number benign/borderline (and reportable-by-agreement) tumors, 00-59 and 99 in situ/"
           "malignant; 98 is cervix in situ")
def central_sequence_behavior(r: Record) -> bool:
    """Skipped if behavior or sequence number is blank."""
    return _seq_behavior(r["sequenceNumberCentral"], r[BEH], r.get(SITE, ""))


@edit("IF058", "Behavior ICDO3, Seq Num--Hospital (COC)", (BEH, "sequenceNumberHospital", SITE),
      requires=(BEH, "sequenceNumberHospital"), sets=frozenset({HOSPITAL}),
      message="{@sequenceNumberHospital} {sequenceNumberHospital} conflicts with {@behaviorCodeIcdO3} "
              "{behaviorCodeIcdO3}",
      rule="NAACCR #560: same numbering rule as Sequence Number--Central")
def hospital_sequence_behavior(r: Record) -> bool:
    """Skipped if behavior or sequence number is blank."""
    return _seq_behavior(r["sequenceNumberHospital"], r[BEH], r.get(SITE, ""))


_CHILDHOOD_EMBRYONAL = (("8959", "8960"), ("8970", "8971"), ("8973", "8973"), ("9490", "9490"),
                        ("9500", "9500"), ("9510", "9514"))


@edit("IF059", "Age, Primary Site, Morphology ICDO3--Adult (modelled on SEER IF15, subset)", ("ageAtDiagnosis", HIST),
      override="overRideAgeSiteMorph", override_values=("1", "3"), sets=REVIEW_SETS,
      message="Embryonal childhood tumor (histology {histologicTypeIcdO3}) at {@ageAtDiagnosis} {ageAtDiagnosis}: "
              "review, and set {@overRideAgeSiteMorph} if correct",
      rule="SEER IF15 (Over-ride Age/Site/Morph #1990): age/morphology combinations extremely rare in the age group "
           "need review. Subset only (the IF15 table is not public): nephroblastoma 8959-8960, hepatoblastoma "
           "8970, pancreatoblastoma 8971, pleuropulmonary blastoma 8973, neuroblastoma 9490/9500, retinoblastoma "
           "9510-9514 at age 15 or older")
def embryonal_tumor_in_adult(r: Record) -> bool:
    """Skipped if age or histology is blank, age is 999 (unknown), or Over-ride Age/Site/Morph is 1 or 3."""
    age = r["ageAtDiagnosis"]
    return not (age.isdigit() and "015" <= age <= "120" and _in(r[HIST], *_CHILDHOOD_EMBRYONAL))


@edit("IF060", "Behavior Code ICDO3, Primary Site, Date of DX: non-malignant CNS (NAACCR)", (BEH, SITE, DX),
      severity="warning", sets=frozenset({STATE}),
      message="Benign/borderline tumor ({@behaviorCodeIcdO3} {behaviorCodeIcdO3}) of {@primarySite} {primarySite} "
              "diagnosed {dateOfDiagnosis} is reportable only by agreement",
      rule="Benign Brain Tumor Cancer Registries Amendment Act: behavior 0/1 is required for brain and CNS "
           "(C700-C729, C751-C753) diagnosed 2004+; other non-malignant tumors only by agreement")
def non_malignant_reportable(r: Record) -> bool:
    """Skipped if behavior, site or diagnosis date is blank, or the date is invalid."""
    if r[BEH] not in ("0", "1"):
        return True
    year = dates.year_of(r[DX])
    site = r[SITE]
    return year is None or (year >= 2004 and ("C700" <= site <= "C729" or "C751" <= site <= "C753"))


@edit("IF061", "Grade, Histology ICDO3: cell lineage codes (NAACCR)", ("grade", HIST), sets=ALL_SETS,
      message="{@grade} {grade} (T/B/null/NK cell) is for lymphomas and leukemias 9590-9993, not histology "
              "{histologicTypeIcdO3}",
      rule="NAACCR #440: grade codes 5-8 (cell lineage) apply only to hematopoietic and lymphoid neoplasms")
def cell_lineage_grade(r: Record) -> bool:
    """Skipped if Grade or histology is blank."""
    return r["grade"] not in ("5", "6", "7", "8") or "9590" <= r[HIST] <= "9993"


@edit("IF062", "Grade, Date of Diagnosis (NAACCR)", ("grade", DX), severity="warning",
      message="{@grade} {grade} is not used for cases diagnosed 2018 or later ({dateOfDiagnosis}); use the 2018 "
              "grade items",
      rule="NAACCR v18: Grade #440 is replaced by Grade Clinical/Pathological/Post Therapy for dx 2018+")
def old_grade_after_2018(r: Record) -> bool:
    """Skipped if Grade or Date of Diagnosis is blank or the date invalid."""
    year = dates.year_of(r[DX])
    return year is None or year < 2018
