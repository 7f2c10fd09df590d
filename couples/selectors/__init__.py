"""Floor 3, reads: plain values for the doors (views and consumers hold no ORM
objects across an await). Nothing here writes. ``therapy.py`` alone decides
whether a therapist link is active. The floors: docs/architecture.md.
"""
