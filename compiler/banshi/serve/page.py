"""What the preview adds to the site, in the browser only: the script that reloads a page when
the site changed, and the page that shows what stops the build. The built files never hold
either: the server adds the script to each page it sends.

The script asks the server (``VERSION_PATH``) for the version of the site; the server answers
when it differs from the one the page was sent with, or after a while, and the script asks
again. Everything shown comes from the catalog or the compiler, and is escaped.
"""

from __future__ import annotations

import html
import json

from banshi.i18n import _
from banshi.problems import Problem, printable

# A path no MkDocs site has: MkDocs leaves out every file and folder whose name starts with "."
VERSION_PATH = "/.banshi-serve/version"
MOST_SHOWN = 200  # problems listed on the page; the terminal lists them all

_SCRIPT = """<script>
(function () {
  var version = %s;
  function ask() {
    fetch(%s + "?since=" + encodeURIComponent(version), {cache: "no-store"})
      .then(function (answer) { return answer.json(); })
      .then(function (now) {
        if (now.version !== version) { location.reload(); } else { ask(); }
      })
      .catch(function () { setTimeout(ask, 1000); });
  }
  ask();
})();
</script>
"""


def reload_script(version: str) -> str:
    """The script that reloads the page once the site is not ``version`` any more."""
    return _SCRIPT % (_js(version), _js(VERSION_PATH))


def _js(text: str) -> str:
    """A JavaScript string literal that cannot end the <script> element it is in."""
    return json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e")


def with_script(page: bytes, version: str) -> bytes:
    """``page`` (HTML) with the reload script before its ``</body>``, or at its end."""
    script = reload_script(version).encode("utf-8")
    at = page.lower().rfind(b"</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


_STYLE = """
body { margin: 0; font: 16px/1.6 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
  background: #fff; color: #1b1b1b; }
.banshi-serve { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem; }
.banshi-serve h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
.banshi-serve[role=alert] h1 { color: #a4000f; }
.banshi-serve ol { padding-left: 1.5rem; }
.banshi-serve li { margin: .75rem 0; }
.banshi-serve .where { font-family: monospace; font-weight: bold; word-break: break-all; }
.banshi-serve .rule { font-family: monospace; color: #555; }
.banshi-serve .message { margin: .25rem 0 0; white-space: pre-wrap; }
.banshi-serve .source { margin: .25rem 0 0; padding: .25rem .5rem; background: #f4f4f4;
  overflow-x: auto; }
.banshi-serve .source mark { background: #ffd34d; outline: 1px solid #a4000f; }
"""


def _document(title: str, body: str, version: str, alert: bool = True) -> bytes:
    role = ' role="alert"' if alert else ""
    page = (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)} · banshi serve</title>\n<style>{_STYLE}</style>\n"
        f'</head>\n<body>\n<main class="banshi-serve"{role}>\n{body}</main>\n'
        f"{reload_script(version)}</body>\n</html>\n"
    )
    return page.encode("utf-8")


def _severity(problem: Problem) -> str:
    return _("error") if problem.severity == "error" else _("warning")


def _source(line: str | None, column: int) -> str:
    """The problem's line of its file, the character at its column marked."""
    if line is None:
        return ""
    at = max(column - 1, 0)
    mark = line[at : at + 1] or " "
    shown = [printable(part) for part in (line[:at], mark, line[at + 1 :])]
    before, marked, after = (html.escape(part) for part in shown)
    return f'<pre class="source"><code>{before}<mark>{marked}</mark>{after}</code></pre>'


def problems_page(problems: tuple[Problem, ...], lines: dict, version: str) -> bytes:
    """The errors that stop the build, each at its ``path:line:col`` with that line of its
    file, instead of the site."""
    title = _("The catalog has {count} errors: the site was not built").format(count=len(problems))
    items = "".join(
        f'<li><span class="where">{html.escape(printable(p.file))}:{p.line}:{p.column}</span> '
        f'{html.escape(_severity(p))} <span class="rule">{html.escape(p.rule)}</span>'
        f'<p class="message">{html.escape(printable(p.message))}</p>'
        f"{_source(lines.get((p.file, p.line)), p.column)}</li>\n"
        for p in problems[:MOST_SHOWN]
    )
    more = ""
    if len(problems) > MOST_SHOWN:
        more = "<p>{}</p>\n".format(
            html.escape(
                _("and {count} more: the terminal lists them all").format(
                    count=len(problems) - MOST_SHOWN
                )
            )
        )
    then = _("Correct them and save: this page reloads by itself.")
    body = f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(then)}</p>\n<ol>\n{items}</ol>\n{more}"
    return _document(title, body, version)


def failure_page(failure: str, version: str) -> bytes:
    """What stopped the build when it is not problems of the catalog's files."""
    title = _("The site could not be built")
    then = _("Correct it and save: this page reloads by itself.")
    body = (
        f"<h1>{html.escape(title)}</h1>\n"
        f'<p class="message">{html.escape(failure)}</p>\n<p>{html.escape(then)}</p>\n'
    )
    return _document(title, body, version)


def waiting_page(version: str) -> bytes:
    """The page shown while the first build is under way."""
    title = _("Building the site")
    then = _("This page opens the site as soon as it is built.")
    body = f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(then)}</p>\n"
    return _document(title, body, version, alert=False)
