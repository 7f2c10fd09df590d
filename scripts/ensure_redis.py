"""Make sure Redis answers on the given URL; start a local redis-server if it
is installed but not running. Exit status 0 when Redis answers, 1 otherwise
(with a message saying what to do). Used by `make test` and `.ci/run`."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from urllib.parse import urlparse

import redis


def answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def main(url: str) -> int:
    if answers(url):
        return 0
    parsed = urlparse(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 6379
    server = shutil.which("redis-server")
    if server is None or host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"Redis does not answer at {url}. Install it (Debian: apt-get install redis-server) "
            "and start it, or set REDIS_URL to a running Redis.",
            file=sys.stderr,
        )
        return 1
    print(f"Redis is not running on {host}:{port}; starting a local redis-server.")
    subprocess.run(
        [server, "--daemonize", "yes", "--bind", "127.0.0.1", "--port", str(port),
         "--save", "", "--appendonly", "no"],
        check=False,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if answers(url):
            return 0
        time.sleep(0.2)
    print(f"redis-server was started but does not answer at {url}.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "redis://127.0.0.1:6379/0"))
