"""Statistics core of the epidemiology reports: rates, trends, survival, data quality and suppression.

Pure functions over numpy/pandas inputs; each module cites the standard or formula it follows
(docs: methods-and-standards §3 and §4.4; JSON shapes: cli-contract.md).
"""
