"""qrmask chooses the mask segno chooses, so a code is the very symbol plain segno makes.

Compared over a couple of thousand payloads (our own URLs, other URLs short and long, Chinese
and Japanese text, digits, versions 1 to 15, every error level), and the penalty scores over
matrices made to hit the corners of segno's scoring.
"""

from __future__ import annotations

import io
import random

import numpy as np
import pytest
import segno

from banshi.emit import qr, qrmask

CHUNKS = 8  # the payloads are checked in this many tests, so that test workers share them
HANZI = "办事指南政务服务一次性告知单扫在手机打开当前页省市县乡镇村许可征收给付确认公共窗口材料"
KANJI = "東京都漢字日本語情報処理番号住所氏名"
URL_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-._~/?=&%"


def _our_url(rng: random.Random) -> str:
    code = "".join(rng.choice("0123456789") for _ in range(14))
    region = "".join(rng.choice("0123456789") for _ in range(rng.choice((6, 9, 12))))
    base = rng.choice(("https://zwfw.example.gov.cn/", "https://hnzwfw.gov.cn/bs/", "http://a.cn/"))
    return base + rng.choice((qr.item_path(code), qr.guide_path(code, region)))


def _other_url(rng: random.Random) -> str:
    length = int(rng.random() ** 2 * 300) + 1  # mostly short, up to about version 15
    return "https://" + "".join(rng.choice(URL_CHARS) for _ in range(length))


def _text(rng: random.Random) -> str:
    chars = rng.choice((HANZI, KANJI, HANZI + "，。0123456789abc "))
    return "".join(rng.choice(chars) for _ in range(rng.randint(1, 90)))


def _digits(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 700)))


def _alphanumeric(rng: random.Random) -> str:
    return "".join(rng.choice("ABCDEFXYZ0123456789 $%*+-./:") for _ in range(rng.randint(1, 420)))


def payloads() -> list[tuple[str, str]]:
    """(content, error level): half at the level the build uses, half at the others."""
    rng = random.Random(18004)
    kinds = (_our_url, _other_url, _other_url, _text, _digits, _alphanumeric)
    return [(kinds[i % len(kinds)](rng), "m" if i % 2 else "lqh"[i // 2 % 3]) for i in range(2016)]


def _svg(code: segno.QRCode) -> bytes:
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=4, border=2, xmldecl=False, svgclass="qr", title=qr.CAPTION)
    return buffer.getvalue()


def test_the_installed_segno_is_the_one_qrmask_was_checked_against():
    """A segno upgrade turns the fast path off until these tests pass with it again."""
    assert qrmask.available(), f"segno {segno.__version__}: check it, then set CHECKED_SEGNO"


def test_the_payloads_cover_versions_1_to_15_and_every_level():
    made = [segno.make(content, error=error, micro=False, mask=0) for content, error in payloads()]
    assert set(range(1, 16)) <= {code.version for code in made}
    assert {code.error for code in made} == {"L", "M", "Q", "H"}


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_the_chosen_mask_and_the_svg_are_segnos(chunk):
    for number, (content, error) in enumerate(payloads()[chunk::CHUNKS]):
        plain = segno.make(content, error=error, micro=False)
        given = segno.make(content, error=error, micro=False, mask=number % 8)  # any mask will do
        chosen = qrmask.best(given)
        assert chosen == plain.mask, (content, error, plain.version)
        mine = segno.make(content, error=error, micro=False, mask=chosen)
        assert _svg(mine) == _svg(plain), (content, error)
        if error == "m":
            assert qr.svg(content).encode("utf-8") == _svg(plain), content


def _crafted(rng: random.Random, width: int) -> np.ndarray:
    """Rows made of finder-like patterns, light and dark runs, and pieces that overlap a
    pattern 4 or 6 modules on: where segno's N1 and N3 counting has its corners."""
    pieces = ([0, 0, 0, 0], [1, 0, 1, 1, 1, 0, 1], [1, 1, 0, 1], [0, 1], [1], [0], [1] * 6, [0] * 7)
    rows = []
    for _ in range(width):
        row: list[int] = []
        while len(row) < width:
            row += rng.choice(pieces)
        rows.append(row[:width] if rng.random() < 0.5 else row[-width:])
    matrix = np.array(rows, dtype=np.uint8)
    return matrix.T.copy() if rng.random() < 0.5 else matrix


def _segno_scores(matrix: np.ndarray) -> tuple[int, ...]:
    rows = tuple(bytearray(row) for row in matrix.tolist())
    return tuple(segno.encoder.mask_scores(rows, len(rows), len(rows)))


def test_penalties_are_segnos_on_crafted_matrices():
    rng = random.Random(7)
    for width in [21, 25, 29, 33, 37, 45, 57, 77] * 40:
        matrix = _crafted(rng, width)
        assert tuple(qrmask.penalties(matrix[None])[0].tolist()) == _segno_scores(matrix)


@pytest.mark.parametrize("row", [
    "0000101110111010000",  # counts, and hides the pattern 4 modules on (lit after)
    "0000101110101110100000",  # counts, and hides the pattern 6 modules on
    "1011101000010111010000",  # at the edge, then a pattern lit on both sides: 40 each
    "1101011101000",  # light after only
    "0101110111010",  # at the edge with one light module before it
])
def test_finder_like_patterns_count_as_segno_counts_them(row):
    width = 25
    matrix = np.zeros((width, width), dtype=np.uint8)
    matrix[3, :len(row)] = [int(bit) for bit in row]
    matrix[:len(row), 10] = [int(bit) for bit in row]
    assert tuple(qrmask.penalties(matrix[None])[0].tolist()) == _segno_scores(matrix)


def test_an_unchecked_segno_makes_the_code_itself(monkeypatch):
    def refuse(code):
        raise AssertionError("qrmask used with a segno it was not checked against")

    monkeypatch.setattr(segno, "__version__", "2.0.0")
    monkeypatch.setattr(qrmask, "best", refuse)
    target = "https://zwfw.example.gov.cn/items/00013112800001/"
    assert qr.svg(target).encode("utf-8") == _svg(segno.make(target, error="m", micro=False))


def test_codes_made_on_every_core_come_in_order_and_the_same(monkeypatch):
    monkeypatch.setattr(qr, "PARALLEL_MIN", 1)
    targets = [f"https://zwfw.example.gov.cn/items/{n:014d}/" for n in range(40)]
    assert list(qr.svgs(targets)) == [qr.svg(target) for target in targets]
