"""The helplines an operator lists for their country, shown first on the Help
page (``/safety/``). Configured with the ``HELPLINES`` environment variable
(README, "Configuration"): a JSON list of objects such as
``[{"name": "National Domestic Abuse Helpline", "phone": "0808 2000 247",
"url": "https://…", "hours": "24 hours, free"}]``.

Checked once, when the settings load: a mistake stops the process with a
clear message rather than showing a broken helpline to someone in need.
"""

from __future__ import annotations

from typing import Any

FIELDS = ("name", "phone", "text", "url", "hours")
"""Keys an entry may have; ``name`` is required, plus at least one way to reach it
(``phone``, ``text`` or ``url``)."""
MAX_FIELD_CHARS = 200


def helplines_from(raw: Any) -> list[dict[str, str]]:
    """Return the checked helpline entries of ``raw`` (the parsed JSON value).

    Each entry keeps only non-empty strings among :data:`FIELDS`, stripped.
    Raises ValueError, naming the entry (1-based) and the problem, when
    ``raw`` is not a list, an entry is not an object, has an unknown key, has
    no ``name``, no ``phone``/``text``/``url``, a value that is not a string,
    a value longer than :data:`MAX_FIELD_CHARS` characters, or a ``url`` that
    is not ``https://`` or ``http://``.
    """
    if not isinstance(raw, list):
        raise ValueError("HELPLINES must be a JSON list of objects.")
    entries = []
    for number, item in enumerate(raw, start=1):
        where = f"HELPLINES entry {number}"
        if not isinstance(item, dict):
            raise ValueError(f"{where} must be an object.")
        unknown = sorted(set(item) - set(FIELDS))
        if unknown:
            raise ValueError(f"{where} has unknown keys: {', '.join(unknown)}.")
        entry = {}
        for key, value in item.items():
            if not isinstance(value, str):
                raise ValueError(f"{where}: {key} must be text.")
            value = value.strip()
            if len(value) > MAX_FIELD_CHARS:
                raise ValueError(f"{where}: {key} is over {MAX_FIELD_CHARS} characters.")
            if value:
                entry[key] = value
        if "name" not in entry:
            raise ValueError(f"{where} needs a name.")
        if not {"phone", "text", "url"} & set(entry):
            raise ValueError(f"{where} needs a phone, text or url.")
        if "url" in entry and not entry["url"].startswith(("https://", "http://")):
            raise ValueError(f"{where}: url must start with https:// or http://.")
        entries.append(entry)
    return entries


def tel_href(phone: str) -> str:
    """A ``tel:`` link for ``phone``: digits and a leading ``+`` only."""
    kept = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return "tel:" + kept
