"""QR codes (zxing-cpp): 扫一扫 to open a handling item's page on a phone.

``qr/<code>.svg`` encodes the handling item's page under the catalog's ``base_url``; guide
pages embed a code for their own address. URLs are made from codes only (letters, digits and
hyphens, percent-encoded all the same by ``urls.address``), so no catalog text ever becomes
part of a link.

zxing-cpp makes the symbol (version, mask and all) through its public API; this module only
draws its modules as one SVG path, so the markup is ours and the same input gives the same
bytes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import cache

import zxingcpp

from banshi.emit import Output
from banshi.emit.urls import address, item_doc
from banshi.resolve import Compiled

CAPTION = "扫一扫在手机打开当前页"
BORDER = 2  # light modules around the symbol; scanners read 2 well on a white page
DARK = 0  # zxing-cpp's image: 0 for a dark module, 255 for a light one
PARALLEL_MIN = 200  # below this many codes, starting processes costs more than it saves


def item_file(code: str) -> str:
    return f"qr/{code}.svg"


def url(compiled: Compiled, docs_path: str) -> str:
    """The full address of a page of the site, under ``base_url``."""
    return compiled.info.base_url + address(docs_path)


def modules(target: str) -> list[bytes]:
    """The rows of the QR code of ``target`` (error correction M: survives a smudged print),
    one byte a module, without the quiet zone."""
    code = zxingcpp.create_barcode(target, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(code.to_image(scale=1, add_quiet_zones=False))
    rows, width = image.shape
    data = image.tobytes()
    return [data[r * width : (r + 1) * width] for r in range(rows)]


def _runs(row: bytes) -> Iterator[tuple[int, int]]:
    """(start, length) of each run of dark modules in a row."""
    start = None
    for x, module in enumerate([*row, 255]):
        if module == DARK and start is None:
            start = x
        elif module != DARK and start is not None:
            yield start, x - start
            start = None


def svg(target: str, scale: int = 4) -> str:
    """An SVG QR code of ``target``: a square of ``scale`` pixels a module, 2 modules light
    around it, dark runs as rectangles of one path."""
    rows = modules(target)
    side = len(rows) + 2 * BORDER
    path = "".join(
        f"M{x + BORDER} {y + BORDER}h{n}v1h-{n}z"
        for y, row in enumerate(rows)
        for x, n in _runs(row)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{side * scale}" '
        f'height="{side * scale}" viewBox="0 0 {side} {side}" class="qr" role="img">'
        f'<title>{CAPTION}</title><rect width="{side}" height="{side}" fill="#fff"/>'
        f'<path fill="#000" d="{path}"/></svg>'
    )


def svgs(targets: list[str]) -> Iterator[str]:
    """Many codes, made on every core and yielded in order as they are ready: the caller
    writes files while the rest are being made."""
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or len(targets) < PARALLEL_MIN:
        yield from map(svg, targets)
        return
    with ProcessPoolExecutor(workers) as pool:
        yield from pool.map(svg, targets, chunksize=max(1, len(targets) // (workers * 4)))


@cache
def _maker() -> str:
    """What draws a code besides its URL: Banshi and zxing-cpp, by their versions."""
    from importlib.metadata import version

    from banshi import __version__

    return f"{__version__}\0{version('zxing-cpp')}\0{BORDER}\0{CAPTION}\0"


def _key(target: str) -> str:
    return hashlib.sha256(f"{_maker()}{target}".encode()).hexdigest()


def emit(compiled: Compiled, output: Output, env) -> None:
    """Writes ``qr/<code>.svg`` of every handling item (the site shows the same files). A code
    the previous build drew for the same URL is taken from it, not drawn again."""
    targets = {code: url(compiled, item_doc(code)) for code in compiled.handling}
    drawn = [c for c in targets if not output.reuse(item_file(c), _key(targets[c]))]
    for code, image in zip(drawn, svgs([targets[c] for c in drawn])):
        output.write_text(item_file(code), image + "\n", _key(targets[code]))
