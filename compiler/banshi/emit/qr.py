"""QR codes (segno): 扫一扫 to open a handling item's page on a phone.

``qr/<code>.svg`` encodes the handling item's page under the catalog's ``base_url``; guide
pages embed a code for their own address. URLs are made from codes only (digits), so no
catalog text ever becomes part of a link.
"""

from __future__ import annotations

import io
import os
from concurrent.futures import ProcessPoolExecutor

import segno

from banshi.emit import Output
from banshi.resolve import Compiled

CAPTION = "扫一扫在手机打开当前页"
PARALLEL_MIN = 200  # below this many codes, starting processes costs more than it saves


def item_path(code: str) -> str:
    return f"items/{code}/"


def guide_path(code: str, region: str) -> str:
    return f"guides/{region}/{code}/"


def url(compiled: Compiled, path: str) -> str:
    return compiled.info["base_url"] + path


def svg(target: str, scale: int = 4) -> str:
    """An SVG QR code of ``target``, medium error correction (survives a smudged print)."""
    buffer = io.BytesIO()
    segno.make(target, error="m", micro=False).save(
        buffer, kind="svg", scale=scale, border=2, xmldecl=False, svgclass="qr", title=CAPTION
    )
    return buffer.getvalue().decode("utf-8")


def svgs(targets: list[str]) -> list[str]:
    """Many codes at once, on every core: choosing the best mask is most of a code's cost."""
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or len(targets) < PARALLEL_MIN:
        return list(map(svg, targets))
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(svg, targets, chunksize=max(1, len(targets) // (workers * 4))))


def emit(compiled: Compiled, output: Output) -> None:
    codes = list(compiled.handling)
    for code, image in zip(codes, svgs([url(compiled, item_path(c)) for c in codes])):
        output.write_text(f"qr/{code}.svg", image + "\n")
