"""Build the ONNX file of the embedding model (run once, in a child process).

``python -m paperpal.model_export MODEL_DIR TARGET`` loads the bundled weights with
transformers, exports the transformer (token ids, attention mask, token types -> hidden states)
with torch's ONNX exporter, lets ONNX Runtime apply its portable graph optimisations, and writes
the result to TARGET atomically (a temporary file in the same folder, then a rename). Pooling and
normalising stay in ``model_runtime``.

Must not: be imported by paperpal's own modules (it imports torch); print anything on stdout.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def export(model_dir: Path, target: Path) -> None:
    from paperpal.embeddings import quiet_environment

    quiet_environment()
    import onnxruntime as ort
    import torch
    import transformers
    from transformers import AutoModel

    transformers.utils.logging.disable_progress_bar()
    transformers.utils.logging.set_verbosity_error()
    model = AutoModel.from_pretrained(str(model_dir))
    model.eval()

    class Hidden(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
        ) -> torch.Tensor:
            output = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return output.last_hidden_state  # type: ignore[no-any-return]

    names = ["input_ids", "attention_mask", "token_type_ids"]
    sample = tuple(torch.ones(1, 8, dtype=torch.long) for _ in names)
    axes = {name: {0: "batch", 1: "tokens"} for name in [*names, "hidden"]}
    fd, raw = tempfile.mkstemp(suffix=".raw.onnx", dir=target.parent)
    os.close(fd)
    fd, optimised = tempfile.mkstemp(suffix=".onnx.tmp", dir=target.parent)
    os.close(fd)
    try:
        with torch.no_grad():
            torch.onnx.export(
                Hidden(model),
                sample,
                raw,
                input_names=names,
                output_names=["hidden"],
                dynamic_axes=axes,
                opset_version=17,
                dynamo=False,
            )
        options = ort.SessionOptions()
        options.log_severity_level = 3
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        options.optimized_model_filepath = optimised
        ort.InferenceSession(raw, options, providers=["CPUExecutionProvider"])
        os.replace(optimised, target)
    finally:
        for leftover in (raw, optimised):
            Path(leftover).unlink(missing_ok=True)


if __name__ == "__main__":
    import warnings

    warnings.simplefilter("ignore")
    export(Path(sys.argv[1]), Path(sys.argv[2]))
