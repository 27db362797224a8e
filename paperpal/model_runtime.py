"""Running the embedding model: ONNX Runtime with the model's own tokenizer, or
sentence-transformers when ONNX Runtime cannot be used.

Owns: the ONNX file's place in the cache folder (keyed by the weights' identity, the runtime's
and paperpal's versions), building it when missing or unreadable (in a child process:
``paperpal.model_export``), tokenising (``tokenizers``, with the truncation length the model
was trained with), pooling (mean over real tokens) and normalising, and the fallback.

Must not: be imported by anything but ``paperpal.embeddings`` (shared names live in
``paperpal.model_info``); import torch or
sentence-transformers unless the fallback is taken.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from paperpal import __version__, paths
from paperpal.model_info import DIMENSIONS, INSTALL_HINT, MODEL_NAME, ModelUnavailable

EXPORT_VERSION = 1  # bump when model_export.py changes what it writes
_EXPORT_TIMEOUT_S = 900


def onnx_path(model_dir: Path, runtime_version: str) -> Path:
    """Where the ONNX export of the model in ``model_dir`` is cached."""
    weights = (model_dir / "model.safetensors").stat()
    key = json.dumps(
        [
            __version__,
            EXPORT_VERSION,
            runtime_version,
            (model_dir / "config.json").read_text(encoding="utf-8"),
            weights.st_size,
            weights.st_mtime_ns,
        ]
    )
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return paths.shared_cache_dir() / "models" / f"{MODEL_NAME}-{digest}.onnx"


def _max_length(model_dir: Path) -> int:
    try:
        config = json.loads((model_dir / "sentence_bert_config.json").read_text(encoding="utf-8"))
        return int(config.get("max_seq_length", 256))
    except (OSError, ValueError, TypeError):
        return 256


class OnnxModel:
    """The model on ONNX Runtime."""

    name = "onnx"

    def __init__(self, model_dir: Path, onnx_file: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        ort.set_default_logger_severity(3)
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=_max_length(model_dir))
        options = ort.SessionOptions()
        options.log_severity_level = 3
        # The file is optimised when it is built; loading it needs only the basic passes.
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        # Idle worker threads must not spin: NumPy's BLAS ranks right after a query is encoded.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.intra_op_num_threads = max(1, min(4, os.cpu_count() or 1))
        # Texts come in every length: an arena sized for the longest batch would be kept for
        # good (measured: 2 GB resident after embedding 2,300 passages), so memory is returned.
        options.enable_cpu_mem_arena = False
        options.enable_mem_pattern = False
        self.session = ort.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
        self._inputs = {item.name for item in self.session.get_inputs()}

    def encode(self, texts: list[str], batch_size: int = 64) -> Any:
        import numpy as np

        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(texts)
        # Batches of similar length waste little on padding.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, index in enumerate(batch):
                tokens = encodings[index].ids
                ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = 1
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self.session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
            summed = (hidden * mask[:, :, None]).sum(axis=1)
            pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[batch] = pooled / np.maximum(norms, 1e-12)
        return out


class TorchModel:
    """The model on sentence-transformers (the fallback: seconds to import)."""

    name = "torch"
    _threads_lock = threading.Lock()

    def __init__(self, model_dir: Path) -> None:
        try:
            import transformers
            from sentence_transformers import SentenceTransformer
        except ImportError as err:
            raise ModelUnavailable(
                f"Neither onnxruntime nor sentence-transformers can be imported ({err}); {INSTALL_HINT}."
            ) from err
        transformers.utils.logging.disable_progress_bar()
        transformers.utils.logging.set_verbosity_error()
        self.model = SentenceTransformer(str(model_dir), device="cpu")

    def encode(self, texts: list[str], batch_size: int = 64) -> Any:
        # A query (a few texts) runs on one thread: torch's and BLAS's spinning threads fight
        # over a small machine's cores (measured on 2 cores: query p95 128 ms, 32 ms on one).
        with self._one_thread() if len(texts) <= 4 else contextlib.nullcontext():
            return self.model.encode(
                texts,
                batch_size=batch_size,
                normalize_embeddings=True,
                show_progress_bar=False,
                convert_to_numpy=True,
            )

    @contextlib.contextmanager
    def _one_thread(self) -> Iterator[None]:
        import torch

        with self._threads_lock:
            before = torch.get_num_threads()
            torch.set_num_threads(1)
        try:
            yield
        finally:
            with self._threads_lock:
                torch.set_num_threads(before)


def build_onnx(model_dir: Path, target: Path) -> str | None:
    """Export the model to ``target`` in a child process; None, or why it failed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "paperpal.model_export", str(model_dir), str(target)],
            capture_output=True,
            timeout=_EXPORT_TIMEOUT_S,
            env=dict(os.environ),
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        return str(err)
    if done.returncode != 0 or not target.is_file():
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        return lines[-1] if lines else f"exit status {done.returncode}"
    return None


def load_runtime(model_dir: Path) -> OnnxModel | TorchModel:
    """The fastest way to run the model that works here (see the module docstring)."""
    try:
        import onnxruntime
        import tokenizers  # noqa: F401 - checked here, used by OnnxModel
    except ImportError:
        return TorchModel(model_dir)
    target = onnx_path(model_dir, onnxruntime.__version__)
    for attempt in range(2):
        if not target.is_file() and build_onnx(model_dir, target) is not None:
            break
        try:
            return OnnxModel(model_dir, target)
        except Exception:  # noqa: BLE001 - an unreadable export is rebuilt once, then given up
            with contextlib.suppress(OSError):
                target.unlink()
            if attempt:
                break
    return TorchModel(model_dir)
