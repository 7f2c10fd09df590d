"""Floor 5, the WebSocket doors: ``consumers.py`` (thin consumers) and
``protocol.py`` (frame schemas, error and close codes; docs/protocol.md).
"""
