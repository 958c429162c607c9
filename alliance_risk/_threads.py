"""BLAS threads: how many the matrix products of a long computation may use.

A panel multiplies thousands of small matrices (one state system per year). On them
more BLAS threads gain nothing and, on a busy machine, contend: the 1816-2018 panel
took 2 s quiet, 13 s on a busy 2-core machine with the default threading, 2.8 s with
one thread. threadpoolctl (an optional extra: ``pip install 'alliance_risk[threads]'``)
sets the limit for the duration of a call and restores it after.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from ._errors import InvalidParameterError

__all__ = ["blas_threads"]


@contextlib.contextmanager
def blas_threads(limit: int | None, func: str, *, asked: bool = True) -> Iterator[None]:
    """Limit the BLAS library to ``limit`` threads within the block (``None``: no limit).

    ``asked`` says the caller chose the limit: then a missing threadpoolctl is an error
    that says how to install it; a library default is skipped without it (the BLAS
    library keeps its own setting, which gives the same results, only slower).

    Examples
    --------
    >>> import numpy as np
    >>> with blas_threads(1, "example"):
    ...     float((np.ones((2, 2)) @ np.ones(2))[0])
    2.0
    """
    if limit is None:
        yield
        return
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise InvalidParameterError(
            f"The 'threads' parameter of {func} must be an int in the range [1, inf) or None. "
            f"Got {limit!r} instead."
        )
    try:
        from threadpoolctl import threadpool_limits
    except ImportError as exc:
        if asked:
            raise ImportError(
                f"{func}(threads={limit}) needs threadpoolctl: pip install "
                "'alliance_risk[threads]' (or threads=None to leave BLAS as it is)"
            ) from exc
        yield
        return
    with threadpool_limits(limits=limit, user_api="blas"):
        yield
