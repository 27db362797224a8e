"""What every screen is given instead of importing the app: ``TuiContext``.

The app builds one context and passes it to each screen it makes; a screen that opens another
passes it on. It holds the long-lived resources (the glossary, the embedding model), the
settings the reader was started with, and the state shared by all screens (the known concepts,
the reading places, the last export folder). Screens ask the app for navigation by posting the
messages in ``paperpal.tui.messages``, so nothing below ``tui.app`` imports it.

Also owns when Python's cycle collector may skip long-lived objects (``settle``).

Must not: import Textual, or load anything heavy before it is first asked for.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from paperpal.tui.state.known import KnownConcepts
from paperpal.tui.state.places import Places

if TYPE_CHECKING:
    from paperpal.embeddings import Embedder
    from paperpal.glossary.model import Glossary


def settle() -> None:
    """Exempt every object alive now from the cycle collector's scans (``gc.freeze``).

    Python's cycle collector rescans every live object on each full pass, and a reader holds
    many long-lived ones (Textual's modules, the glossary, the report, the widgets): measured,
    it took 30% of the time of stepping through equations. What is frozen is never collected,
    so this is called only where what is alive is meant to stay: after start-up, after the
    glossary loads, and once a paper is on screen. A reader that closes calls ``unsettle`` so
    that its paper and widgets can be collected again.
    """
    gc.freeze()


def unsettle() -> None:
    """Hand every frozen object back to the cycle collector (``gc.unfreeze``)."""
    gc.unfreeze()


class TuiContext:
    def __init__(
        self,
        *,
        offline: bool = False,
        link_terms: bool = True,
        embedder: Embedder | None = None,
        places_file: Path | None = None,
    ) -> None:
        self.offline = offline
        self.link_terms = link_terms  # link jargon by meaning in the background (loads the model)
        self.known = KnownConcepts()
        self.places = Places(places_file)
        self.export_folder: Path | None = None  # where the reader last exported a handout
        self.first_frame_shown = False
        self._on_first_frame: list[Callable[[], None]] = []
        self._glossary: Glossary | None = None
        self._glossary_lock = threading.Lock()
        self._embedder = embedder
        self._owns_embedder = False
        self._embedder_lock = threading.Lock()

    # -- resources ---------------------------------------------------------------------------

    def glossary(self) -> Glossary:
        """The glossary, loaded once (call from a worker thread the first time: it takes a
        moment when its cache is cold)."""
        with self._glossary_lock:
            if self._glossary is None:
                from paperpal.glossary.loader import load_glossary

                self._glossary = load_glossary()
                settle()
            return self._glossary

    @property
    def glossary_if_loaded(self) -> Glossary | None:
        """The glossary if it is in memory already (for places that must not wait for it)."""
        return self._glossary

    @property
    def embedder(self) -> Embedder:
        """The embedding model, run in a child process so loading it never stalls the screen."""
        with self._embedder_lock:
            if self._embedder is None:
                from paperpal.embeddings import ProcessEmbedder

                self._embedder = ProcessEmbedder()
                self._owns_embedder = True
            return self._embedder

    @property
    def embedder_loaded(self) -> bool:
        return self._embedder is not None and bool(getattr(self._embedder, "loaded", False))

    def close(self) -> None:
        """Stop what this context started (the model's process) and save the reading places."""
        self.places.save()
        if self._owns_embedder and self._embedder is not None:
            close = getattr(self._embedder, "close", None)
            if close is not None:
                close()

    # -- the first frame ---------------------------------------------------------------------

    def after_first_frame(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the app's first frame is on the terminal (at once if it is).

        Work that can wait (the rest of the paper, the notes database) is put off until then,
        so the reader sees the paper as soon as possible.
        """
        if self.first_frame_shown:
            callback()
        else:
            self._on_first_frame.append(callback)

    def frame_shown(self) -> None:
        """Called by the app when its first frame is on the terminal."""
        self.first_frame_shown = True
        callbacks, self._on_first_frame = self._on_first_frame, []
        for callback in callbacks:
            callback()
