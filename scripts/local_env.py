"""Write `.env` for `make run` on first start: a random SECRET_KEY and a
random REFLECTION_KEYS (the Fernet key that encrypts reflections and safety
check-ins) for this machine. Existing values are never changed."""

from __future__ import annotations

import base64
import secrets
from pathlib import Path

ENV_FILE = Path(__file__).resolve().parent.parent / ".env"


def main() -> None:
    lines = ENV_FILE.read_text().splitlines() if ENV_FILE.exists() else []
    present = {line.split("=", 1)[0] for line in lines if "=" in line}
    added = []
    if "SECRET_KEY" not in present:
        added.append(f"SECRET_KEY={secrets.token_urlsafe(50)}")
    if "REFLECTION_KEYS" not in present:
        # A Fernet key is 32 random bytes in url-safe base64.
        fernet_key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
        added.append(f"REFLECTION_KEYS={fernet_key}")
    if added:
        ENV_FILE.write_text("\n".join([*lines, *added]) + "\n")
        ENV_FILE.chmod(0o600)
        print(f"Wrote local settings to {ENV_FILE.name} (kept out of git).")


if __name__ == "__main__":
    main()
