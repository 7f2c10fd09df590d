"""``make bench``: Attune's real-time path under load, measured against a
minimal reference relay on the same machine.

``python -m bench`` starts real server processes on loopback ports (Uvicorn or
Daphne serving ``couples.asgi``; two workers sharing Redis and PostgreSQL, or
one worker with the in-memory channel layer; and the reference relay of
:mod:`bench.relay`), signs in demo-like couples created directly in a bench
database (:mod:`bench.fixtures`), and lets both partners of every couple run
the active-listening exercise over WebSockets (:mod:`bench.load`). Latency is
timed in the generator: from a command sent by one partner to the ``update``
of that version received by the *other* partner. Results are printed as a
table and written to ``bench/results/bench-<UTC time>.json``; docs/benchmarks.md
explains the scenarios and holds the figures of a full run.

Nothing here is a test: timings never decide pass or fail.
"""
