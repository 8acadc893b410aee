"""The site's HTML: MkDocs builds the project ``site-src/`` into ``site/``, strict, in this
process, with the catalog's release date standing in for "now"."""

from __future__ import annotations

import contextlib
import datetime
import io
import logging
import os

from banshi.emit import Output, keeping
from banshi.errors import BanshiError
from banshi.i18n import _
from banshi.resolve.compiled import Compiled


class SiteError(BanshiError):
    """MkDocs refused the generated site (a broken link under --strict, say)."""


class _DirtyWarning(logging.Filter):
    """MkDocs warns of any build that keeps pages (and ``strict`` would fail on it); ours keeps
    only pages whose source and builder are unchanged, which is what that warning doubts."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def _mkdocs_build(config_file: str, released: str, keep: bool = False) -> None:
    """Run MkDocs in-process, strict; the catalog's release date stands in for 'now'. ``keep``:
    pages whose HTML is already in the site folder and not older than their source are kept
    (MkDocs' ``dirty`` build)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    epoch = datetime.datetime.fromisoformat(released).replace(tzinfo=datetime.UTC)
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch.timestamp()))
    log = io.StringIO()
    handler = logging.StreamHandler(log)
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    dirty = _DirtyWarning()
    logging.getLogger("mkdocs.commands.build").addFilter(dirty)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            build(load_config(config_file=config_file, strict=True), dirty=keep)
    except (Abort, MkDocsException, SystemExit) as error:
        raise SiteError(
            _("MkDocs refused the site: {reason}").format(reason=error) + "\n" + log.getvalue()
        ) from None
    finally:
        logger.removeHandler(handler)
        logging.getLogger("mkdocs.commands.build").removeFilter(dirty)
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def emit(compiled: Compiled, output: Output, env) -> None:
    """Build ``site-src/`` into ``site/`` with MkDocs, strict. Pages the previous build made
    from the same source with the same project are kept as built."""
    keep = keeping.keep_built_pages(output)
    _mkdocs_build(str(output.path("site-src/mkdocs.yml")), compiled.info.released, keep)
    output.path("site-src/site").rename(output.path("site"))
