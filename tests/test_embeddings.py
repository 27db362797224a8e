"""The embedding model, in-process and in the child process the reader uses."""

from __future__ import annotations

import numpy as np
import pytest

from paperpal.errors import PaperpalError

TEXTS = ["the update gate decides how much of the old state is kept", "a learning rate schedule"]


@pytest.mark.model
def test_the_child_process_gives_the_same_vectors_as_the_model_in_process() -> None:
    from paperpal.embeddings import DIMENSIONS, Embedder, ProcessEmbedder

    child = ProcessEmbedder()
    try:
        assert not child.loaded
        remote = child.encode(TEXTS)
        assert child.loaded
        assert remote.shape == (2, DIMENSIONS) and remote.dtype == np.float32
        assert np.allclose(np.linalg.norm(remote, axis=1), 1.0, atol=1e-5), "vectors must be unit length"
        assert child.encode([]).shape == (0, DIMENSIONS)
        local = Embedder().encode(TEXTS)
        assert np.allclose(remote, local, atol=1e-5), "the child must run the very same model"
        # Meaning, not words: the gate sentence is nearer a paraphrase than an unrelated one.
        query = child.encode_one("how much of the previous state survives")
        assert float(query @ remote[0]) > float(query @ remote[1])
    finally:
        child.close()
    assert not child.loaded
    # A closed embedder starts its child again when asked.
    try:
        assert child.encode_one("again").shape == (DIMENSIONS,)
    finally:
        child.close()


def test_a_child_that_cannot_load_its_model_says_so(tmp_path) -> None:
    from paperpal.embeddings import MODEL_PACKAGE, ModelUnavailable, ProcessEmbedder

    child = ProcessEmbedder(model_path=str(tmp_path / "no-such-model"))
    with pytest.raises(ModelUnavailable) as raised:
        child.encode(TEXTS)
    message = str(raised.value)
    assert "no-such-model" in message and MODEL_PACKAGE in message, message
    assert isinstance(raised.value, PaperpalError)
    child.close()


def test_cached_vectors_live_in_the_cache_folder_and_a_damaged_or_pickled_file_is_rebuilt(
    tmp_path, monkeypatch
) -> None:
    from paperpal.embeddings import DIMENSIONS, Embedder, cached_vectors

    class Counting(Embedder):
        calls = 0

        def encode(self, texts, *, batch_size: int = 64):  # noqa: ANN001, ANN201
            Counting.calls += 1
            return np.full((len(texts), DIMENSIONS), 0.5, dtype=np.float32)

    monkeypatch.setenv("PAPERPAL_CACHE", str(tmp_path / "cache"))
    embedder = Counting()
    first = cached_vectors("demo", ["a", "b"], embedder)
    (path,) = (tmp_path / "cache" / "vectors").glob("demo-*.npy")
    assert np.array_equal(cached_vectors("demo", ["a", "b"], embedder), first) and Counting.calls == 1
    path.write_bytes(b"\x93NUMPY garbage")
    assert cached_vectors("demo", ["a", "b"], embedder).shape == (2, DIMENSIONS) and Counting.calls == 2
    # A file that needs pickle to load (it could run code) is never loaded, only replaced.
    np.save(path, np.array([{"x": 1}, {"y": 2}], dtype=object), allow_pickle=True)
    assert cached_vectors("demo", ["a", "b"], embedder).dtype == np.float32 and Counting.calls == 3
    assert not list((tmp_path / "cache").rglob("*.tmp")), "no temporary file may be left"
