"""Work beyond one thread: BLAS threads held in check, and Dask clusters.

BLAS threads: how many the matrix products of a long computation may use.

A panel multiplies thousands of small matrices (one state system per year). On them
more BLAS threads gain nothing and, on a busy machine, contend: the 1816-2018 panel
took 2 s quiet, 13 s on a busy 2-core machine with the default threading, 2.8 s with
one thread. threadpoolctl (an optional extra: ``pip install 'alliance_risk[threads]'``)
sets the limit for the duration of a call and restores it after.

Dask: functions that take ``client=`` (a ``dask.distributed.Client`` or a scheduler
address) map their blocks to its workers; dask.distributed is an optional extra
(``pip install 'alliance_risk[dask]'``), imported only when a client is given.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from ._errors import InvalidParameterError

__all__ = ["blas_threads", "dask_client", "n_workers"]


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


def n_workers(client: Any) -> int:
    """Return how many workers a Dask client's cluster has (at least 1)."""
    return max(len(client.scheduler_info().get("workers", {})), 1)


@contextlib.contextmanager
def dask_client(client: Any) -> Iterator[Any]:
    """Yield a ``dask.distributed.Client`` for ``client`` (a Client, an address or None).

    A Client made here from an address is closed on leaving; a Client given is the
    caller's and stays open.

    Examples
    --------
    >>> with dask_client(None) as client:  # no client: work stays in this process
    ...     client is None
    True
    """
    if client is None:
        yield None
        return
    try:
        from dask.distributed import Client
    except ImportError as exc:
        raise ImportError(
            "client= needs dask.distributed: pip install 'alliance_risk[dask]'"
        ) from exc
    if isinstance(client, Client):
        yield client
        return
    if isinstance(client, str):
        with Client(client) as made:  # type: ignore[no-untyped-call]
            yield made
        return
    raise InvalidParameterError(
        f"The 'client' parameter must be a dask.distributed.Client, a scheduler address "
        f"or None. Got {type(client).__name__} instead."
    )
