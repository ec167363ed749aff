"""Multiple primary decisions (SEER hematopoietic and solid tumor rules, IARC/IACR 2004)."""
