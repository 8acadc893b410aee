"""Hostile catalog text never becomes markup, script, a link or a template on a published page.

The minimal fixture gets payloads (HTML, javascript: links, Jinja, Markdown) in every kind of
free text that reaches a page; the catalog still validates. Then every HTML file of the built
site, and ``banshi notice`` in html and md, are read with html.parser, and pages are opened in
Chromium, which must not raise a dialog.

Each field's payload carries a marker 〔field〕 so that a finding names the field it came from,
and so that the test can require the whole payload to appear as literal text wherever the
marker appears (``{{ 7*7 }}`` as written, never 49; ``*强调*`` with its stars; ``# 标题``
with its hash).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
import pytest
from browser import build, open_page, parse_html, search, serve
from catalogs import apply_patch, minimal
from command_line import banshi

# The fixtures built_sample, served and chromium, defined once for the whole session.
pytest_plugins = ["browser"]

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = '"><svg onload=alert(1)>'
MD_LINK = "[点我](javascript:alert(1))"
A_LINK = '<a href="javascript:alert(1)">x</a>'
JS_URL = "javascript:alert(1)"
JINJA = "{{ 7*7 }}"
JINJA_RAW = "{% raw %}"
EMPHASIS = "*强调*"
HEADING = "# 标题"
PAYLOADS = (HEADING, EMPHASIS, JINJA, JINJA_RAW, SCRIPT, IMG, SVG, MD_LINK, A_LINK, JS_URL)

CODE = "00013112800001"
REGION = "410526"
ITEM = "catalog/items/000131128000.yaml"


def hostile(field: str, lead: str = HEADING) -> str:
    """``lead`` first (a Markdown heading only works at the start), the marker, then the rest."""
    return f"{lead}〔{field}〕 " + " ".join(p for p in PAYLOADS if p != lead)


# The hostile option of a choice question, used in a material's ``when``.
OPTION = hostile("option", IMG)

FIELDS: dict[str, dict[str, object]] = {
    "catalog/catalog.yaml": {
        "name": hostile("catalog-name", SCRIPT),
        "publisher": hostile("publisher"),
    },
    ITEM: {
        "name": hostile("item-name"),
        "basis/0/title": hostile("basis-title", A_LINK),
        "conditions": [hostile("condition"), hostile("condition-2", JS_URL)],
        "faq": [{"q": hostile("faq-q", SVG), "a": hostile("faq-a", MD_LINK)}],
        "handling/0/name": hostile("handling-name"),
        "handling/1/name": hostile("handling-name-2", SCRIPT),
        "handling/0/steps/0/post": hostile("step-post", JINJA),
        "handling/0/materials/1/note": hostile("material-note", IMG),
        "handling/0/materials/-": {
            "material": "hostile_material",
            "form": "原件",
            "copies": 1,
            "note": hostile("option-material-note", JINJA_RAW),
            "when": {"applicant_type": OPTION},
        },
    },
    "rules/materials.yaml": {
        "materials/3/name": hostile("material-name", SCRIPT),
        "materials/-": {
            "id": "hostile_material",
            "name": hostile("option-material-name", SVG),
            "category": "其他",
            "source": "申请人自备",
            "requirements": hostile("material-requirements", EMPHASIS),
        },
    },
    "rules/situations.yaml": {
        "questions/0/text": hostile("question-text", SCRIPT),
        "questions/1/options/-": OPTION,
    },
    "catalog/departments.yaml": {
        "departments/0/name": hostile("department-name", A_LINK),
        "departments/0/address": hostile("department-address", IMG),
        "departments/0/hours": hostile("department-hours", MD_LINK),
    },
    "catalog/implementations/410526.yaml": {
        "entries/0/window": hostile("window", JS_URL),
    },
    "catalog/regions.yaml": {
        "regions/2/name": hostile("region-name", SVG),
    },
    "catalog/bundles/open-shop.yaml": {
        "name": hostile("bundle-name", HEADING),
    },
}


def _values(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _values(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _values(v)


MARKER = re.compile(r"〔([a-z0-9-]+)〕")
LITERALS = {
    MARKER.search(v).group(1): v
    for changes in FIELDS.values()
    for v in _values(changes)
    if MARKER.search(v)
}

# The hostile option only validates with the material whose ``when`` uses it: one unit.
OPTION_UNIT = {
    ("rules/situations.yaml", "questions/1/options/-"),
    ("rules/materials.yaml", "materials/-"),
    (ITEM, "handling/0/materials/-"),
}


def units() -> dict[str, dict]:
    """Each field's patch alone (the option with its material), named by its marker."""
    found: dict[str, dict] = {}
    for file, changes in FIELDS.items():
        for path, value in changes.items():
            name = (
                "option"
                if (file, path) in OPTION_UNIT
                else MARKER.search(next(_values(value))).group(1)
            )
            found.setdefault(name, {}).setdefault(file, {})[path] = value
    return found


# Our own templates put no event-handler attribute on any page: nothing may start with "on".
OWN_HANDLERS: set = set()
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "background",
    "srcset",
    "data",
    "cite",
    "longdesc",
    "manifest",
    "ping",
}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
NEVER = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "base",
    "applet",
    "foreignobject",
    "img",
    "video",
    "audio",
    "math",
    "template",
    "portal",
}


def _own_svg(element) -> bool:
    """Our QR codes (figure.banshi-qr, placards) and bundle diagrams; never an svg in an svg."""
    classes = element.classes()
    if any(a.tag == "svg" for a in element.ancestors):
        return False
    if "qr" in classes:
        return any(
            a.tag == "figure"
            and "banshi-qr" in a.classes()
            or a.tag == "div"
            and "banshi-placard" in a.classes()
            for a in element.ancestors
        )
    if "banshi-diagram" in classes:
        return any(a.tag == "figure" and "banshi-figure" in a.classes() for a in element.ancestors)
    return False


# search/ relative to the page, ./ on the search page itself, the site's path on the 404 page
SEARCH_ACTION = re.compile(r"(\.\./)*search/|\./|(/[\w-]+)*/search/")


def _own_search_form(element) -> bool:
    """The theme's and the home page's search boxes: GET forms to the search page."""
    attrs = dict(element.attrs)
    return (
        set(attrs) <= {"id", "class", "role", "action", "method"}
        and attrs.get("role") == "search"
        and attrs.get("method") == "get"
        and bool(SEARCH_ACTION.fullmatch(attrs.get("action", "")))
    )


def _in_diagram_label(stack) -> bool:
    """Text in a bundle diagram's boxes, which the template wraps over lines (tspans)."""
    return any(e.tag == "text" for e in stack) and any(
        "banshi-diagram" in e.classes() for e in stack
    )


def _short(element) -> str:
    """tag#id.class, to say where in a page an element is."""
    attrs = dict(element.attrs)
    ident = f"#{attrs['id']}" if attrs.get("id") else ""
    return element.tag + ident + "".join(f".{c}" for c in sorted(element.classes()))


def summary(found: list[tuple[str, str]]) -> str:
    """Findings grouped by what was found, each with the files it was found in."""
    where: dict[str, list[str]] = {}
    for file, what in found:
        if file not in where.setdefault(what, []):
            where[what].append(file)
    lines = []
    for what, files in where.items():
        shown = ", ".join(files[:4]) + (f" and {len(files) - 4} more" if len(files) > 4 else "")
        lines.append(f"- {what}\n    in {shown}")
    return f"{len(found)} findings, {len(where)} distinct:\n" + "\n".join(lines)


def scan(text: str, where: str) -> list[tuple[str, str]]:
    """Every sign, in one HTML document, that a payload became something other than text:
    (where, what) pairs."""
    found = _scan(text)
    return [(where, what) for what in found]


def _scan(text: str) -> list[str]:
    found = []
    parsed = parse_html(text)
    for element in parsed.elements:
        at = " > ".join(
            [_short(a) for a in element.ancestors[-2:]] + [repr(element).rsplit(" at line ", 1)[0]]
        )
        attrs = element.attrs
        if element.tag in ("title", "textarea") and "<" in element.raw:
            first = element.raw.index("<")
            found.append(
                f"{at}: catalog text unescaped in <{element.tag}> (shown as text, but one "
                f"with </{element.tag}> in it would break out): {element.raw[first : first + 80]!r}"
            )
        if element.tag == "script":
            kind = (dict(attrs).get("type") or "").strip().lower()
            if kind in EXECUTABLE_TYPES:
                if "alert" in element.text or MARKER.search(element.text):
                    found.append(
                        f"{at}: an executable script carries a payload: {element.text[:200]!r}"
                    )
            elif kind in ("application/json", "application/ld+json"):  # data, and schema.org
                if "<" in element.text:
                    found.append(f"{at}: '<' unescaped in a JSON data block (can close the script)")
                try:
                    json.loads(element.text)
                except ValueError as error:
                    found.append(
                        f"{at}: the JSON data block does not parse ({error}): a payload broke out"
                    )
            else:
                found.append(f"{at}: a script of unknown type {kind!r}")
        for name, value in attrs:
            lowered = name.lower()
            if lowered.startswith("on") and (element.tag, lowered, value) not in OWN_HANDLERS:
                found.append(f"{at}: event handler attribute {name}={value!r}")
            if lowered in URL_ATTRIBUTES and value is not None:
                squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
                if squeezed.startswith(BAD_SCHEMES):
                    found.append(f"{at}: {name} is a {squeezed.split(':')[0]}: URL {value!r}")
            if lowered in ("srcdoc", "formaction", "xmlns:xlink") or lowered.startswith("xlink:"):
                found.append(f"{at}: attribute {name}={value!r}")
        if element.tag in NEVER:
            found.append(f"{at}: a <{element.tag}> element, which no template writes")
        if element.tag == "form" and not _own_search_form(element):
            found.append(f"{at}: a <form> other than the site's search boxes")
        if element.tag in ("em", "strong", "i", "b") and "强调" in element.text:
            found.append(f"{at}: '*强调*' became emphasis")
        if element.tag == "svg" and not _own_svg(element):
            found.append(f"{at}: an <svg> that is neither a QR code nor a bundle diagram")
        if element.tag == "a" and element.text.strip() in ("点我", "x"):
            found.append(f"{at}: a payload became a link: {element.text!r}")
        if re.fullmatch(r"h[1-6]", element.tag) and element.text.lstrip().startswith("标题"):
            found.append(f"{at}: '# 标题' became a heading")
        if element.tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            found.append(f"{at}: a meta refresh")
    for chunk, stack in parsed.chunks:
        if _in_diagram_label(stack):
            continue
        for match in MARKER.finditer(chunk):
            field = match.group(1)
            literal = LITERALS.get(field)
            if literal is None:
                continue
            if literal not in chunk and _nested(literal) not in chunk:
                evaluated = literal.replace(JINJA, "49")
                why = " ({{ 7*7 }} was evaluated to 49)" if evaluated in chunk else ""
                found.append(
                    f"the payload of {field} is not shown as written{why}: "
                    f"{chunk[max(0, match.start() - 40) : match.end() + 160]!r}"
                )
    return found


def _nested(literal: str) -> str:
    """The payload as a quoted name shows it: quotation marks inside made single (‘…’), the
    way GB/T 15834 nests them, which changes no character into markup."""
    return re.sub(r'"([^"]*)"', r"‘\1’", literal).replace("“", "‘").replace("”", "’")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("hostile")
    root = minimal(tmp)
    apply_patch(root, FIELDS)
    validation = banshi("validate", str(root))
    assert validation.returncode == 0, (
        "the hostile catalog must still validate (payloads are free text):\n"
        + validation.stdout
        + validation.stderr
    )
    return root, build(root, tmp / "out")


def test_every_field_reaches_the_site(hostile_build):
    """The test tests something: each payload is published somewhere (notices aside)."""
    _, out = hostile_build
    text = "\n".join(p.read_text(encoding="utf-8") for p in (out / "site").rglob("*.html"))
    missing = [field for field in LITERALS if f"〔{field}〕" not in text]
    assert not missing, f"payloads that reach no page of the site: {missing}"


def test_no_payload_becomes_markup_in_any_page(hostile_build):
    _, out = hostile_build
    site = out / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    found = []
    for page in pages:
        found += scan(page.read_text(encoding="utf-8"), page.relative_to(site).as_posix())
    assert not found, summary(found)


@pytest.mark.parametrize("unit", sorted(units()))
def test_each_field_alone_stays_text(unit, tmp_path):
    """The same scan with one field hostile at a time: says which field lets a payload in."""
    root = minimal(tmp_path)
    apply_patch(root, units()[unit])
    site = build(root, tmp_path / "out") / "site"
    found = []
    for page in sorted(site.rglob("*.html")):
        found += scan(page.read_text(encoding="utf-8"), page.relative_to(site).as_posix())
    assert not found, f"with only {unit} hostile: " + summary(found)


def test_the_selector_data_round_trips(hostile_build):
    """The guide's JSON data block holds the hostile question and option exactly."""
    _, out = hostile_build
    page = out / "site" / "guides" / REGION / CODE / "index.html"
    blocks = [
        e
        for e in parse_html(page.read_text(encoding="utf-8")).find("script")
        if dict(e.attrs).get("id") == "banshi-item"
    ]
    assert len(blocks) == 1
    data = json.loads(blocks[0].text)
    texts = {q["id"]: q["text"] for q in data["questions"]}
    assert texts["entrusted"] == LITERALS["question-text"]
    options = {q["id"]: q["options"] for q in data["questions"]}
    assert OPTION in options["applicant_type"]
    assert {"applicant_type": OPTION} in [m["when"] for m in data["materials"]]


@pytest.mark.parametrize(
    "answers",
    [(), ("--answer", f"applicant_type={OPTION}", "--answer", "entrusted=是")],
    ids=["unanswered", "answered"],
)
def test_notice_html_and_md(hostile_build, answers):
    root, _ = hostile_build
    html_notice = banshi(
        "notice", CODE, str(root), "--region", REGION, "--format", "html", *answers
    )
    assert html_notice.returncode == 0, html_notice.stderr
    found = scan(html_notice.stdout, "banshi notice --format html")
    assert not found, summary(found)
    for field in (
        "handling-name",
        "department-name",
        "window",
        "material-note",
        "question-text" if answers else "option",
    ):
        assert f"〔{field}〕" in html_notice.stdout, (
            f"the notice shows no {field}: the test would test nothing"
        )

    md_notice = banshi("notice", CODE, str(root), "--region", REGION, "--format", "md", *answers)
    assert md_notice.returncode == 0, md_notice.stderr
    md = md_notice.stdout
    assert "〔handling-name〕" in md and "〔department-address〕" in md
    problems = [bad for bad in ("<script", "<img", "<svg", "<a ") if bad in md.lower()]
    # "\\](javascript:" is an escaped bracket, shown as text; "](javascript:" after an even
    # number of backslashes (none, say) closes a link label.
    problems += [
        m.group(0) for m in re.finditer(r"(?<!\\)(?:\\\\)*\]\(\s*javascript:", md, re.IGNORECASE)
    ]
    assert not problems, f"the Markdown notice carries {problems}:\n{md}"
    for line in md.splitlines():
        assert not re.match(r"#+\s*标题", line), f"a payload became a Markdown heading: {line!r}"
    # Rendered as Markdown, the notice is harmless HTML that shows every payload as written.
    rendered = markdown.markdown(md, extensions=["tables"])
    found = scan(rendered, "banshi notice --format md, rendered by Python-Markdown")
    assert not found, summary(found)


def _dom_findings(page, root: str = "html") -> list[str]:
    """What the live DOM under ``root`` holds after scripts ran (the selector and the search
    box build their content in JS)."""
    return page.evaluate(
        """(root) => {
        const found = [];
        for (const el of document.querySelector(root).querySelectorAll('*')) {
            for (const attr of el.attributes) {
                const name = attr.name.toLowerCase();
                if (name.startsWith('on'))
                    found.push(el.tagName + ' ' + name + '=' + attr.value);
                if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(name) &&
                    /^(javascript|data|vbscript):/i.test(attr.value.replace(/[\\x00-\\x20]/g, '')))
                    found.push(el.tagName + ' ' + name + '=' + attr.value);
            }
            const embedding = ['IMG', 'IFRAME', 'OBJECT', 'EMBED', 'BASE', 'FOREIGNOBJECT'];
            if (embedding.includes(el.tagName.toUpperCase()))
                found.push('<' + el.tagName.toLowerCase() + '> ' + el.outerHTML.slice(0, 120));
            if (['EM', 'STRONG', 'I', 'B'].includes(el.tagName) && el.textContent.includes('强调'))
                found.push('<' + el.tagName.toLowerCase() + '> ' + el.outerHTML.slice(0, 120));
            const ours = 'figure.banshi-qr, div.banshi-placard, figure.banshi-figure';
            if (el.tagName.toLowerCase() === 'svg' && !el.closest(ours))
                found.push('<svg> ' + el.outerHTML.slice(0, 120));
            if (el.tagName === 'SCRIPT' && !el.src && !el.type && /alert/.test(el.textContent))
                found.push('<script> ' + el.textContent.slice(0, 120));
        }
        return found;
    }""",
        root,
    )


PAGES = [
    "",
    f"guides/{REGION}/{CODE}/",
    f"items/{CODE}/",
    f"notices/{REGION}/{CODE}/",
    "departments/sx-market/",
    f"regions/{REGION}/",
    "bundles/open-shop/",
    "placards/",
]


def test_pages_in_the_browser_raise_no_dialog(hostile_build, chromium):
    _, out = hostile_build
    report = {}
    with serve(out / "site") as base:
        for path in PAGES:
            assert (out / "site" / path / "index.html").is_file(), path
            with open_page(chromium, base + path, base) as (page, watch):
                if path.startswith(("guides/", "notices/")):
                    fieldset = page.locator(
                        'fieldset.banshi-question[data-question="applicant_type"]'
                    )
                    assert fieldset.locator("legend").inner_text().strip() == "申请人类型"
                    fieldset.get_by_label(OPTION, exact=True).check()
                    page.locator(
                        'fieldset.banshi-question[data-question="entrusted"]'
                    ).get_by_label("是", exact=True).check()
                    assert page.get_by_text(LITERALS["question-text"], exact=True).is_visible()
                    row = page.locator("tr[data-index]", has_text="〔option-material-name〕").first
                    assert row.is_visible(), (
                        "the material of the hostile option is not shown when it is chosen"
                    )
                page.wait_for_timeout(300)
                found = {"DOM": _dom_findings(page), **watch.problems()}
                found = {k: v for k, v in found.items() if v}
                if found:
                    report["/" + path] = found
    assert not report, json.dumps(report, ensure_ascii=False, indent=1)


def test_search_results_stay_text(hostile_build, chromium):
    """The search box shows titles and summaries of hostile pages as text."""
    _, out = hostile_build
    with (
        serve(out / "site") as base,
        open_page(chromium, base + "departments/", base) as (page, watch),
    ):
        page.wait_for_load_state("networkidle")
        before = list(watch.dialogs)
        assert search(page, "alert"), "searching 'alert' gave no result"
        page.wait_for_timeout(300)
        results = page.locator("#banshi-search-results")
        assert "〔" in results.inner_text(), (
            "no hostile page among the results: the test tests nothing"
        )
        in_results = _dom_findings(page, "#banshi-search-results")
        assert not in_results, f"search results render payloads as markup: {in_results}"
        assert watch.dialogs == before, (
            f"showing search results raised {watch.dialogs[len(before) :]}"
        )
        assert not watch.dialogs, f"dialogs on the page, before any search: {before}"
