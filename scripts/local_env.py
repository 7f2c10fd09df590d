"""Write `.env` for `make run` on first start: a random SECRET_KEY for this
machine. Existing values are never changed."""

from __future__ import annotations

import secrets
from pathlib import Path

ENV_FILE = Path(__file__).resolve().parent.parent / ".env"


def main() -> None:
    lines = ENV_FILE.read_text().splitlines() if ENV_FILE.exists() else []
    present = {line.split("=", 1)[0] for line in lines if "=" in line}
    added = []
    if "SECRET_KEY" not in present:
        added.append(f"SECRET_KEY={secrets.token_urlsafe(50)}")
    if added:
        ENV_FILE.write_text("\n".join([*lines, *added]) + "\n")
        ENV_FILE.chmod(0o600)
        print(f"Wrote local settings to {ENV_FILE.name} (kept out of git).")


if __name__ == "__main__":
    main()
