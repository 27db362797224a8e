"""paperpal: read math-heavy machine-learning papers in the terminal.

Importing the package is cheap on purpose: nothing heavy (torch, textual, pymupdf) is imported
until a command needs it.
"""

__version__ = "0.1.0"
