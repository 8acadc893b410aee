"""Banshi (办事): compiles a catalog of government service items into guides, notices and rules."""


def __getattr__(name: str):
    # The version is looked up when asked for (an output's manifest, ``--version``), not on
    # every start: importlib.metadata is a tenth of what a warm validation imports.
    if name != "__version__":
        raise AttributeError(f"module 'banshi' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("banshi")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0"
