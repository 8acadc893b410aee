"""Jinja2, set up once for every emitter that renders templates.

Templates come from the catalog root's own ``templates/`` first, then Banshi's defaults, so
a centre overrides one file without copying the rest. Autoescape is on for every template:
catalog text is data and reaches a page only escaped. Text that lands in Markdown (a link's
label) goes through ``md``, which escapes Markdown as well as HTML.

A catalog's templates come from an untrusted pull request as much as its YAML does, so every
template runs in Jinja2's immutable sandbox (no ``__globals__``, no ``_private`` attribute, no
mutating a value), and the catalog's templates are those load read from ``ROOT/templates/``, as
plain files, never through a symbolic link. An error in a catalog template (its syntax, an
undefined name, something the sandbox refuses) is a problem at its file and line
(``template_problem``), never a traceback.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterable, Mapping
from importlib import resources

import jinja2
import jinja2.sandbox
from jinja2.loaders import split_template_path
from markupsafe import Markup

from banshi.conditions import shown_answer
from banshi.problems import printable
from banshi.resolve.compiled import COMPILED_TYPES, attributes
from banshi.source import TEMPLATES, Source, SourceFile

# Characters that make Markdown anywhere in a line (emphasis, code, links, tables), and those
# that do only at its start (headings, lists, quotes); '<' and '&' become HTML entities.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]|])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*(?:\d+(?=[.)])|(?=[#+\-!=])))(.)")
# Whatever a Markdown reader may take for the end of a line.
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def md(text) -> Markup:
    """Text for a Markdown context: no emphasis, link, image, heading or HTML comes of it."""
    escaped = _MARKDOWN_INLINE.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(text)))
    escaped = _MARKDOWN_LINE_START.sub(r"\1\\\2", escaped)
    return Markup(escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


NO_LEGAL_LIMIT = "无（法律、法规未规定）"


def days(count: int | None, unit: str = "工作日") -> str:
    """A time limit in words: ``None`` is no limit at all (a legal limit the law does not set),
    which is not 0 (即时办结)."""
    if count is None:
        return NO_LEGAL_LIMIT
    return "即时办结" if count == 0 else f"{count} 个{unit}"


def chinese_date(value) -> str:
    """``2025-09-30`` (or a date) as papers print it: 2025年9月30日 (GB/T 9704: no leading
    zeros)."""
    if not value:
        return ""
    day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
    return f"{day.year}年{day.month}月{day.day}日"


def book_title(text) -> str:
    """A law's title in 书名号, once: 《…》 whether or not the catalog wrote them."""
    return f"《{str(text).strip().removeprefix('《').removesuffix('》')}》"


def placed(name, region_name) -> str:
    """A body's name with its place, unless the name already says it (上集镇便民服务中心, not
    上集镇上集镇便民服务中心; 上集镇张营村便民服务站, not 张营村上集镇张营村便民服务站)."""
    name, region_name = str(name), str(region_name)
    return name if region_name in name else f"{region_name}{name}"


_DIGITS = "零一二三四五六七八九"


def chinese_number(count: int) -> str:
    """A small count in Chinese numerals, as periods are written in law: 六十, 六, 十五."""
    if not 0 < count < 100:
        return str(count)
    tens, ones = divmod(count, 10)
    words = ("" if tens == 1 else _DIGITS[tens]) + "十" if tens else ""
    return words + (_DIGITS[ones] if ones else "")


# A number a phone can dial: digits, an area code and an extension set off by hyphens (the
# forms rule hygiene.phone accepts), or an international +86 number.
_DIALABLE = re.compile(r"^\+?\d[\d-]{2,22}\d$")
_EXTENSION = re.compile(r"^(0\d{2,3}-\d{5,8})-(\d{1,5})$")


def dial(number) -> str | None:
    """What a ``tel:`` link dials for a phone number (RFC 3966; an extension as ``;ext=``),
    or None for text that is no number (a catalog may turn hygiene.phone off)."""
    text = str(number)
    if not _DIALABLE.match(text):
        return None
    extension = _EXTENSION.match(text)
    return f"{extension[1]};ext={extension[2]}" if extension else text


def tel(number) -> Markup:
    """A phone number as a link that dials it; text that is no number stays text."""
    target = dial(number)
    if target is None:
        return Markup.escape(str(number))
    return Markup('<a class="banshi-tel" href="tel:{}">{}</a>').format(target, str(number))


_STRAIGHT_QUOTES = re.compile(r'"([^"]*)"')


def quoted(text) -> str:
    """“text”, with the quotation marks inside it made single (‘…’), as GB/T 15834 nests
    them: a name that is quoted already is never quoted twice (“‘开办餐馆’一件事”)."""
    inner = _STRAIGHT_QUOTES.sub(r"‘\1’", str(text)).replace("“", "‘").replace("”", "’")
    return f"“{inner}”"


_DICT_ATTRIBUTES = frozenset(dir(dict))
# What templates read of the resolved catalog (``banshi.resolve.compiled``): fields, properties
# and constants, read without the sandbox's checks of each access (there is nothing else on
# them to reach).
_COMPILED = {cls: attributes(cls) for cls in COMPILED_TYPES}
CATALOG_TEMPLATE = "banshi-catalog-template:"  # the file name a catalog template's code carries


class _Environment(jinja2.sandbox.ImmutableSandboxedEnvironment):
    def getattr(self, obj, attribute):
        """``h.name`` on a plain dict, which is most of what templates read, without first
        failing to find a dict attribute (Jinja's order, an exception each time): the same
        value, since a dict has only the attributes of its class. The sandbox has nothing to
        check there: it returns a dict's item unchecked too. Every other attribute, and every
        attribute of anything but an exact dict, goes through the sandbox's ``getattr``."""
        if type(obj) is dict and type(attribute) is str and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        readable = _COMPILED.get(type(obj))
        if readable is not None and attribute in readable:
            return getattr(obj, attribute)
        return super().getattr(obj, attribute)


class CatalogTemplates(jinja2.BaseLoader):
    """The catalog's own ``templates/`` as load read them (plain files only, no link followed):
    a name that would leave the folder is not found, and one that load found to be a symbolic
    link, or under one, is refused."""

    def __init__(self, templates: Mapping[str, SourceFile], links: Iterable[str] = ()):
        self.templates = templates
        self.links = frozenset(links)

    def get_source(self, environment, template):
        parts = split_template_path(template)  # TemplateNotFound for "..", as FileSystemLoader
        relative = "/".join((TEMPLATES, *parts))
        linked = next(
            (
                "/".join((TEMPLATES, *parts[:i]))
                for i in range(len(parts) + 1)
                if "/".join((TEMPLATES, *parts[:i])) in self.links
            ),
            None,
        )
        if linked:
            raise TemplateRefused(
                relative,
                f"{linked} is a symbolic link; the catalog's files are read only where they "
                "are, never through a link",
            )
        found = self.templates.get("/".join(parts))
        if found is None:
            raise jinja2.TemplateNotFound(template)
        try:
            source = found.data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise TemplateRefused(
                relative, f"{relative} is not UTF-8 ({error.reason} at byte {error.start})"
            ) from None
        return source, CATALOG_TEMPLATE + relative, lambda: True

    def list_templates(self) -> list[str]:
        """The catalog's template names (links are refused when loaded)."""
        return sorted(self.templates)


class TemplateRefused(jinja2.TemplateError):
    """A catalog template that is not read at all (a link, not a file, not UTF-8)."""

    def __init__(self, file: str, message: str):
        super().__init__(message)
        self.file = file


def template_problem(error: BaseException) -> str | None:
    """``templates/NAME.j2:LINE: error template: message`` for an error in a catalog template
    (the innermost catalog template line it passed through), or None when it is no such error."""
    if isinstance(error, TemplateRefused):
        return f"{printable(error.file)}:1: error template: {printable(str(error))}"
    if not isinstance(error, jinja2.TemplateError):
        return None
    where = None
    if isinstance(error, jinja2.TemplateSyntaxError) and (error.filename or "").startswith(
        CATALOG_TEMPLATE
    ):
        where = (error.filename, error.lineno)
    else:
        trace = error.__traceback__
        while trace is not None:
            filename = trace.tb_frame.f_code.co_filename
            if filename.startswith(CATALOG_TEMPLATE):
                where = (filename, trace.tb_lineno)
            trace = trace.tb_next
    if where is None:
        return None
    file, line = where
    message = error.message if isinstance(error, jinja2.TemplateSyntaxError) else str(error)
    kind = type(error).__name__
    shown = printable(file.removeprefix(CATALOG_TEMPLATE))
    return f"{shown}:{line}: error template: {kind}: {printable(message or '')}"


def _not_bytecode(name: str) -> bool:
    """Not Python's bytecode, which pip writes beside Banshi's own templates (their folder is a
    package) when it installs Banshi."""
    return "__pycache__" not in name.split("/")


def templates_digest(env: jinja2.Environment) -> str:
    """sha256 over every template the environment loads, the catalog's before Banshi's: what
    a page is rendered with, for reusing the previous build's pages."""
    digest = hashlib.sha256()
    for name in sorted(set(env.list_templates(filter_func=_not_bytecode))):
        try:
            source, _, _ = env.loader.get_source(env, name)
        except jinja2.TemplateError:  # refused or unreadable: reported where it is used
            continue
        digest.update(f"{name}\0{source}\0".encode())
    return digest.hexdigest()


def environment(source: Source | None = None) -> jinja2.Environment:
    """The templates of ``source`` (the catalog's own, as load read them) before Banshi's."""
    loaders: list[jinja2.BaseLoader] = []
    if source is not None:
        links = (link for link in source.links if link.split("/")[0] == TEMPLATES)
        loaders.append(CatalogTemplates(source.templates, links))
    loaders.append(jinja2.FileSystemLoader(str(resources.files("banshi.templates"))))
    env = _Environment(
        loader=jinja2.ChoiceLoader(loaders),
        auto_reload=False,  # one command's templates do not change under it: no stat per page
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=md,
        days=days,
        answer=shown_answer,
        date=chinese_date,
        quoted=quoted,
        booktitle=book_title,
        placed=placed,
        chinese=chinese_number,
        tel=tel,
    )
    return env
