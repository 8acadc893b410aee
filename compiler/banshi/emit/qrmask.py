"""The data mask segno would choose for a QR code, chosen with numpy.

segno chooses a symbol's mask by applying each of the eight masks and scoring the results
(ISO/IEC 18004 §7.8.3) in pure Python, about 70% of the time a code takes. This module scores
the eight masked symbols at once, exactly as ``segno.encoder.mask_scores`` does, including
where segno departs from a literal reading of the standard (noted below), so that
``segno.make(..., mask=best(code))`` is the very symbol ``segno.make(...)`` makes.

It takes segno's layout of the function patterns and its mask functions from
``segno.encoder``: with a segno release it was not checked against, ``available()`` is false
and callers let segno choose.
"""

from __future__ import annotations

import functools

import numpy as np
import segno

# The segno releases whose mask_scores this reproduces (tests/test_qr_masks.py compares them).
CHECKED_SEGNO = "1.6."
_ENCODER_NEEDS = ("make_matrix", "add_finder_patterns", "add_alignment_patterns",
                  "get_data_mask_functions")


def available() -> bool:
    encoder = getattr(segno, "encoder", None)
    return segno.__version__.startswith(CHECKED_SEGNO) and all(
        hasattr(encoder, name) for name in _ENCODER_NEEDS)


def _array(matrix) -> np.ndarray:
    return np.frombuffer(b"".join(matrix), dtype=np.uint8).reshape(len(matrix), -1)


@functools.cache
def _layout(width: int) -> tuple[np.ndarray, np.ndarray]:
    """A symbol of this width before its data is placed, and the eight masks limited to the
    data region. segno scores a mask before writing format and version information, so those
    areas (the dark module too) count as light, as they do in this matrix."""
    encoder = segno.encoder
    matrix = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(matrix, width, width)
    encoder.add_alignment_patterns(matrix, width, width)
    base = _array(matrix)
    rows, cols = np.indices(base.shape)
    masks = np.array([fn(rows, cols) for fn in encoder.get_data_mask_functions(False)])
    return base, masks.astype(np.uint8) & (base == 2)  # segno leaves 2 where data goes


def best(code: segno.QRCode) -> int:
    """The mask segno would choose for the content of ``code`` (a QR code with any mask)."""
    base, masks = _layout(len(code.matrix))
    data = np.where(base == 2, _array(code.matrix) ^ masks[code.mask], base)
    return int(np.argmin(penalties(data ^ masks).sum(axis=1)))  # the first of equals, as segno


def penalties(symbols: np.ndarray) -> np.ndarray:
    """(N1, N2, N3, N4) of each square symbol in a stack, as ``segno.encoder.mask_scores``."""
    lines = np.concatenate([symbols, symbols.transpose(0, 2, 1)], axis=1)  # rows, then columns
    return np.stack([_runs(lines), _blocks(symbols), _finder_like(lines), _balance(symbols)],
                    axis=1)


def _per_symbol(flags: np.ndarray) -> np.ndarray:
    return flags.reshape(len(flags), -1).sum(axis=1)


def _runs(lines: np.ndarray) -> np.ndarray:
    """N1: 3 + (length - 5) for each run of 5 or more alike modules in a row or column."""
    same = lines[..., 1:] == lines[..., :-1]
    five = same[..., :-3] & same[..., 1:-2] & same[..., 2:-1] & same[..., 3:]  # p..p+4 alike
    # A run of length L has L - 4 such windows; its last one adds the remaining 2 points.
    last = five & ~np.pad(five[..., 1:], ((0, 0), (0, 0), (0, 1)))
    return _per_symbol(five) + 2 * _per_symbol(last)


def _blocks(symbols: np.ndarray) -> np.ndarray:
    """N2: 3 for each 2 × 2 block of alike modules (overlapping blocks each count)."""
    here = symbols[:, 1:, 1:]
    alike = (here == symbols[:, 1:, :-1]) & (here == symbols[:, :-1, 1:]) & (
        here == symbols[:, :-1, :-1])
    return 3 * _per_symbol(alike)


def _finder_like(lines: np.ndarray) -> np.ndarray:
    """N3: 40 for each 1:1:3:1:1 pattern with 4 light modules before or after it.

    As segno: outside the symbol counts as light (segno accepts a shorter light run at an
    edge); a pattern counts once even with light on both sides; and after a pattern that
    counts, the search resumes 7 modules on, so a pattern overlapping it (4 or 6 modules on)
    is not looked at. A pattern that counts and overlaps the next has light before it, so none
    before it was skipped: a pattern is skipped exactly when one 4 or 6 modules before counts.
    """
    padded = np.pad(lines, ((0, 0), (0, 0), (4, 4)))  # light outside, 4 modules each side
    starts = lines.shape[-1] - 6  # where a pattern may begin, 4 modules into ``padded``
    dark, light = padded == 1, padded == 0

    def at(flags: np.ndarray, offset: int) -> np.ndarray:  # flags[start + offset] per start
        return flags[..., offset:offset + starts]

    light4 = light[..., :-3] & light[..., 1:-2] & light[..., 2:-1] & light[..., 3:]
    pattern = at(dark, 4) & at(light, 5) & at(dark, 6) & at(dark, 7) & at(dark, 8) & at(
        light, 9) & at(dark, 10)
    counts = pattern & (at(light4, 0) | at(light4, 11))
    shadowed = np.zeros_like(counts)
    shadowed[..., 4:] |= counts[..., :-4]
    shadowed[..., 6:] |= counts[..., :-6]
    return 40 * _per_symbol(counts & ~shadowed)


def _balance(symbols: np.ndarray) -> np.ndarray:
    """N4: 10 for each full 5% the share of dark modules is away from half, computed as segno
    computes it."""
    area = symbols.shape[1] * symbols.shape[2]
    dark = _per_symbol(symbols).tolist()
    return np.array([10 * int(abs(float(d) / area * 100 - 50) / 5) for d in dark])
