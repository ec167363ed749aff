"""SEER recodes: site recode (2023, 2023 expanded, WHO 2008, 2003), ICCC-3, AYA site recode and the
SEER cause-specific death classification, all computed from the SEER tables shipped in ``data/``."""

from registry.recodes.aya import aya_groups, aya_label, aya_site_recode
from registry.recodes.cause_specific import (
    cancer_specific_death,
    classify_death,
    classify_death_record,
)
from registry.recodes.iccc import IcccResult, iccc, iccc_groups, iccc_label
from registry.recodes.site_recode import (
    RecodeResult,
    seer_site_recode,
    seer_site_recode_record,
    site_recode_groups,
    site_recode_label,
)

__all__ = [
    "IcccResult", "RecodeResult", "aya_groups", "aya_label", "aya_site_recode", "cancer_specific_death",
    "classify_death", "classify_death_record", "iccc", "iccc_groups", "iccc_label", "seer_site_recode",
    "seer_site_recode_record", "site_recode_groups", "site_recode_label",
]
