"""One BLAS thread per process: the registry's linear algebra is on small matrices, where BLAS threads only cost.

The reports' complementary-suppression check runs an SVD per step (``reports.stats.disclosure.derivable``) on
matrices of about 100 x 200; trends fit a weighted least squares of a few points. With OpenBLAS's default of
one thread per core, each such call hands work to threads that spin-wait, so a web worker serving 4 requests on
2 cores (as production runs) pays for it many times over: on the development machine (2 cores, load 4-7) one
96 x 213 SVD took 56 ms wall / 34 ms CPU with 2 BLAS threads and 3.3 ms wall / 1.4 ms CPU with one; the case mix
report went from ~0.4-1 s CPU to a fraction of it (docs/benchmarks/load.md).

The thread count of an already loaded BLAS cannot be changed through ``OPENBLAS_NUM_THREADS`` once numpy is
imported, so :func:`use_one_blas_thread` asks threadpoolctl (the scikit-learn project's library for exactly
this, already in the environment through scikit-learn) to set it on every loaded BLAS (numpy's and scipy's).
"""

from __future__ import annotations

from threadpoolctl import threadpool_limits


def use_one_blas_thread() -> None:
    """Limit every BLAS loaded in this process to one thread (process-wide, for the rest of its life)."""
    import numpy  # noqa: F401  (load numpy's BLAS first, so the limit reaches it)

    threadpool_limits(limits=1, user_api="blas")
