"""Banshi (办事): compiles a catalog of government service items into guides, notices and rules."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("banshi")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
