"""Floor 2, infrastructure with no area logic: the one relay (``relay.py``),
the one error base (``errors.py``), encryption, rate limits, transcripts and
calendar files. The floors: docs/architecture.md.
"""
