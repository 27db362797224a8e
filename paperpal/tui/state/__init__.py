"""The reader's state without any UI: what is being read, what is selected, what the reader
knows and wrote. Screens and widgets observe it and draw it; nothing here imports Textual or
Rich (an import-linter contract holds that), so it can be tested and reasoned about on its own.

    context.TuiContext     what every screen is given: glossary, embedder, settings, known
                           concepts, reading places (instead of importing the app)
    known.KnownConcepts    the concepts the reader knows: one set for the whole app
    reading.ReadingState   one paper being read: report, items, selection, notes, the path
    places.Places          where the reader was in each paper
    store_io               the blocking calls to the notes database (run them in a worker)
    voice                  how a symbol's meaning is worded (the paper says / probably / not explained)
"""
