"""QR codes (segno): 扫一扫 to open a handling item's page on a phone.

``qr/<code>.svg`` encodes the handling item's page under the catalog's ``base_url``; guide
pages embed a code for their own address. URLs are made from codes only (digits), so no
catalog text ever becomes part of a link.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import segno

from banshi.emit import Output, qrmask
from banshi.resolve import Compiled

CAPTION = "扫一扫在手机打开当前页"
PARALLEL_MIN = 200  # below this many codes, starting processes costs more than it saves


def item_file(code: str) -> str:
    return f"qr/{code}.svg"


def item_path(code: str) -> str:
    return f"items/{code}/"


def guide_path(code: str, region: str) -> str:
    return f"guides/{region}/{code}/"


def url(compiled: Compiled, path: str) -> str:
    return compiled.info["base_url"] + path


def symbol(target: str) -> segno.QRCode:
    """``segno.make(target, error="m", micro=False)``, medium error correction (survives a
    smudged print). The mask is segno's own choice, found by qrmask instead of segno's search,
    which takes most of a code's time."""
    if not qrmask.available():
        return segno.make(target, error="m", micro=False)
    first = segno.make(target, error="m", micro=False, mask=0)
    mask = qrmask.best(first)
    return first if mask == first.mask else segno.make(target, error="m", micro=False, mask=mask)


def svg(target: str, scale: int = 4) -> str:
    """An SVG QR code of ``target``."""
    buffer = io.BytesIO()
    symbol(target).save(
        buffer, kind="svg", scale=scale, border=2, xmldecl=False, svgclass="qr", title=CAPTION
    )
    return buffer.getvalue().decode("utf-8")


def svgs(targets: list[str]) -> Iterator[str]:
    """Many codes, made on every core and yielded in order as they are ready: the caller
    writes files while the rest are being made."""
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or len(targets) < PARALLEL_MIN:
        yield from map(svg, targets)
        return
    with ProcessPoolExecutor(workers) as pool:
        yield from pool.map(svg, targets, chunksize=max(1, len(targets) // (workers * 4)))


def emit(compiled: Compiled, output: Output, env) -> None:
    """Writes ``qr/<code>.svg`` of every handling item (the site shows the same files)."""
    codes = list(compiled.handling)
    for code, image in zip(codes, svgs([url(compiled, item_path(c)) for c in codes])):
        output.write_text(item_file(code), image + "\n")
