"""create_app limits every loaded BLAS to one thread (registry/core/blas.py)."""

from __future__ import annotations


def test_create_app_limits_blas_to_one_thread(ctx) -> None:
    from threadpoolctl import threadpool_info

    blas = [info for info in threadpool_info() if info["user_api"] == "blas"]
    assert blas and all(info["num_threads"] == 1 for info in blas)
