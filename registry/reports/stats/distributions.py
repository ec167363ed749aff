"""SciPy's statistical distributions, imported on first use.

``scipy.stats`` adds about 64 MB to a process (measured with VmRSS); most processes, such as a file import, the
abstract screen or a worker computing edits, never compute a confidence interval, so the rate and survival
modules reach the distributions through this stand-in, which imports ``scipy.stats`` when first asked.
"""

from __future__ import annotations

from typing import Any


class _Distributions:
    def __getattr__(self, name: str) -> Any:
        from scipy import stats as scipy_stats

        return getattr(scipy_stats, name)


stats = _Distributions()
