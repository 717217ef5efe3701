"""Native coroutine methods as real ``async def`` functions.

PyO3's ``async fn`` methods return a ``Coroutine`` object that ``inspect`` does not recognise,
so ``inspect.iscoroutinefunction`` (which asyncio, pytest and web frameworks use to decide how
to call) says no (decision 58). Each is replaced on its class by an ``async def`` awaiting it.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Coroutine, Iterable


def coroutine_functions(cls: type, names: Iterable[str], static: bool = False) -> None:
    """Replaces each native coroutine method ``cls.<name>`` by an ``async def`` awaiting it
    (``static``: the methods are static methods)."""
    for name in names:
        wrapper = _awaiting(getattr(cls, name))
        wrapper.__qualname__ = f"{cls.__name__}.{name}"
        setattr(cls, name, staticmethod(wrapper) if static else wrapper)


def _awaiting(native: Callable[..., Any]) -> Callable[..., Coroutine[Any, Any, Any]]:
    @functools.wraps(native)
    async def call(*args: Any, **kwargs: Any) -> Any:
        return await native(*args, **kwargs)

    return call
