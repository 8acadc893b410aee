"""Emitters: each output (json, guides, notices, qr, graph, site) is a module of its own.

They all write through one ``Output`` (``banshi.emit.output``): a temporary folder beside the
target that replaces the target only when every emitter has finished, so a failed or
interrupted build leaves the previous output exactly as it was.
"""

from banshi.emit.output import Output, dumps

__all__ = ["Output", "dumps"]
