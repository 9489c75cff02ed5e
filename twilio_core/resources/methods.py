"""How type checkers see resource methods: plain results on ``Client``, awaitables on ``AsyncClient``.

Every resource, model and page is generic over the client it was reached
from (:data:`ClientT`): ``client.messages`` is ``MessageList[Client]``,
``aclient.messages`` is ``MessageList[AsyncClient]``. A resource method is
written once, annotated with its sync result, and decorated:

* ``@call``: ``create``, ``fetch``, ``update``, ``delete``, ``list``, ``page``,
  ``next_page`` -- the sync result on a ``Client``, a coroutine of it on an
  ``AsyncClient``;
* ``@streamed``: ``stream`` -- an ``Iterator`` on a ``Client``, an
  ``AsyncIterator`` on an ``AsyncClient``.

At run time both decorators return the function unchanged (the engine
already answers with awaitables on an async client); to a type checker they
return a descriptor whose ``__get__`` is overloaded on the client type and
keeps the method's keyword parameters (a ``ParamSpec``), so completion and
misspelled-keyword errors work on both clients from one declaration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

__all__ = ["ClientT", "ClientVar", "TypedByClient", "call", "streamed"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from typing import Any, AsyncIterator, Callable, Coroutine, Generic, Iterator, overload

    # typing_extensions is only read by the type checker (typeshed ships its stubs), never imported.
    from typing_extensions import Concatenate, ParamSpec, TypeAlias
    from typing_extensions import TypeVar as _TypeVarWithDefault

    from .._client_base import BaseClient
    from ..async_client import AsyncClient
    from ..client import Client
    from .model import Model
    from .resource import Page, Resource

    #: The client a resource was reached from; a bare ``MessageList`` means ``MessageList[Client]``.
    ClientT = _TypeVarWithDefault("ClientT", bound=BaseClient, default=Client, covariant=True)
    #: The same for functions such as product factories (a covariant TypeVar cannot annotate a parameter).
    ClientVar = TypeVar("ClientVar", bound=BaseClient)

    _P = ParamSpec("_P")
    _R = TypeVar("_R")
    _T = TypeVar("_T")

    _OnClient: TypeAlias = "Resource[Client] | Model[Client] | Page[Any, Client]"
    _OnAsyncClient: TypeAlias = "Resource[AsyncClient] | Model[AsyncClient] | Page[Any, AsyncClient]"

    class SyncOrAsync(Generic[_P, _R]):
        """A method returning ``_R`` on a ``Client`` and ``Coroutine[..., _R]`` on an ``AsyncClient``."""

        @overload
        def __get__(self, obj: None, owner: Any) -> SyncOrAsync[_P, _R]: ...
        @overload
        def __get__(self, obj: _OnClient, owner: Any) -> Callable[_P, _R]: ...
        @overload
        def __get__(self, obj: _OnAsyncClient, owner: Any) -> Callable[_P, Coroutine[Any, Any, _R]]: ...
        @overload
        def __get__(self, obj: object, owner: Any) -> Callable[_P, Any]: ...
        def __get__(self, obj: Any, owner: Any) -> Any: ...

    class SyncOrAsyncIterator(Generic[_P, _T]):
        """A method returning ``Iterator[_T]`` on a ``Client`` and ``AsyncIterator[_T]`` on an ``AsyncClient``."""

        @overload
        def __get__(self, obj: None, owner: Any) -> SyncOrAsyncIterator[_P, _T]: ...
        @overload
        def __get__(self, obj: _OnClient, owner: Any) -> Callable[_P, Iterator[_T]]: ...
        @overload
        def __get__(self, obj: _OnAsyncClient, owner: Any) -> Callable[_P, AsyncIterator[_T]]: ...
        @overload
        def __get__(self, obj: object, owner: Any) -> Callable[_P, Any]: ...
        def __get__(self, obj: Any, owner: Any) -> Any: ...

    #: The base of client-generic classes: ``typing.Generic`` to a type checker.
    from typing import Generic as TypedByClient

else:
    # At run time a plain TypeVar (typing has no defaults before 3.13); the name matches.
    ClientT = TypeVar("ClientT", covariant=True)
    ClientVar = TypeVar("ClientVar")

    class TypedByClient:
        """``typing.Generic`` for type checkers; at run time ``MessageList[AsyncClient]`` is ``MessageList``.

        The subscripts in generated classes (``class MessageList(_List[ClientT])``)
        are for type checkers only. Real ``typing`` generics would build an alias per
        subscript and run ``Generic.__init_subclass__`` for every generated class
        (about a sixth of a product module's import time) for nothing; this also keeps
        ``isinstance(x, MessageList[AsyncClient])`` working.
        """

        __slots__ = ()

        def __class_getitem__(cls, params: object) -> type:
            return cls


def call(fn: Callable[Concatenate[Any, _P], _R]) -> SyncOrAsync[_P, _R]:
    """Mark a resource method: its result on ``Client``, a coroutine of it on ``AsyncClient``.

    Returns ``fn`` itself: this only tells type checkers what the engine does.
    """
    return fn  # type: ignore[return-value]


def streamed(fn: Callable[Concatenate[Any, _P], Iterator[_T]]) -> SyncOrAsyncIterator[_P, _T]:
    """Mark a ``stream`` method: an ``Iterator`` on ``Client``, an ``AsyncIterator`` on ``AsyncClient``.

    Returns ``fn`` itself.
    """
    return fn  # type: ignore[return-value]
