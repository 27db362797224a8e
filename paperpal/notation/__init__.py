"""paperpal.notation: split equations into symbols, find the paper's own definitions, look
symbols up in the glossary, apply naming conventions, render and read equations aloud.

``decode.decode`` is the entry point the pipeline calls; the submodules are usable on their own.
Nothing is imported here, so that a caller that needs only ``render`` (the reader, at start-up)
does not pay for the definition finder's rules (about 0.1 s).
"""
