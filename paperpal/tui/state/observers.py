"""A list of callbacks to tell about a change: the one way state objects report changes.

Callbacks run synchronously, in the order they subscribed, on the thread that made the change
(the UI thread: workers hand their results to it first). A callback that raises does not stop
the others; the first error is raised again after all have run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Observers(Generic[T]):
    def __init__(self) -> None:
        self._callbacks: list[Callable[[T], None]] = []

    def subscribe(self, callback: Callable[[T], None]) -> Callable[[], None]:
        """Add ``callback``; returns a function that removes it again."""
        self._callbacks.append(callback)

        def unsubscribe() -> None:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

        return unsubscribe

    def emit(self, change: T) -> None:
        error: BaseException | None = None
        for callback in list(self._callbacks):
            try:
                callback(change)
            except Exception as err:  # noqa: BLE001 - every observer hears of the change
                error = error or err
        if error is not None:
            raise error

    def __len__(self) -> int:
        return len(self._callbacks)
