"""paperpal.glossary: the curated notation and concepts, loaded, checked and walked.

``load_glossary`` is the entry point; ``check`` validates, ``graph`` builds reading paths.
"""

from __future__ import annotations

from paperpal.glossary.loader import load_glossary
from paperpal.glossary.model import Glossary

__all__ = ["Glossary", "load_glossary"]
