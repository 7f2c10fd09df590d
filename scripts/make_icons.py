"""Draw Attune's home-screen icons (static/icons/icon-<size>.png) with the
standard library only: two interlocking rings, as in static/favicon.svg, in
white on the accent colour of static/css/attune.css (--accent #2f6f62).

Run ``python scripts/make_icons.py`` after changing the design; the PNGs are
committed. "maskable": the rings stay inside the central 80 % safe zone.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

ACCENT = (0x2F, 0x6F, 0x62)
WHITE = (0xFF, 0xFF, 0xFF)
ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"


def _png(size: int, pixels: list[bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + row for row in pixels)
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def draw(size: int) -> bytes:
    """The icon at ``size`` × ``size`` pixels, as PNG bytes."""
    scale = size / 64
    centres = [(24 * scale, 32 * scale), (40 * scale, 32 * scale)]
    radius, half_width = 14 * scale, 2.6 * scale
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            colour = ACCENT
            for cx, cy in centres:
                distance = ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2) ** 0.5
                if abs(distance - radius) <= half_width:
                    colour = WHITE
            row.extend(colour)
        rows.append(bytes(row))
    return _png(size, rows)


if __name__ == "__main__":
    ICONS.mkdir(exist_ok=True)
    for size in (192, 512):
        (ICONS / f"icon-{size}.png").write_bytes(draw(size))
