"""Multiple primary decisions: SEER Hematopoietic rules (2010+) from the Heme DB pair tables, the
general SEER Solid Tumor Rules (2018+) and the IARC/IACR 2004 rules.  See :mod:`.decide`."""

from registry.multiple_primaries.decide import decide, find_matching_tumor
from registry.multiple_primaries.decision import NEW, REVIEW, SAME, Decision

__all__ = ["NEW", "REVIEW", "SAME", "Decision", "decide", "find_matching_tumor"]
