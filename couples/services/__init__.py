"""Floor 4, writes: each service changes state in one transaction and returns
the channel-layer deliveries to make after the commit (``couples.lib.relay``).
Services take keyword-only arguments and raise ``couples.lib.errors.DomainError``
subclasses (nothing written). ``commands.py`` alone writes a session's event
log. The floors: docs/architecture.md.
"""
