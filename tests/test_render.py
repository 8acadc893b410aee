"""Catalog text in Markdown stays text: nothing becomes markup, and nothing is over-escaped."""

import jinja2
import markdown
import pytest

from banshi.emit.render import environment, md, templates_digest


@pytest.mark.parametrize(
    "text",
    [
        "[点我](javascript:alert(1))",
        "<script>alert(1)</script>",
        "*强调* _强调_ `代码`",
        "# 标题",
        "- 列表",
        "1. 列表",
        "2026.11",
        "12) 项",
        "> 引用",
        "a | b",
        "0372-5551201",
        "9:00-11:30",
        "R&D",
        "\\[x\\]",
        "![图](x.png)",
    ],
)
def test_markdown_renders_the_text_itself(text):
    html = markdown.markdown(str(md(text)), extensions=["tables"])
    assert (
        html
        == "<p>" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>"
    )


@pytest.mark.parametrize(
    "source",
    [
        "{{ d.name }}",
        "{{ d.nested.name }}",
        "{{ d['name'] }}",
        "{{ d.items is callable }}",
        "{% for k, v in d.items() %}{{ k }}{% endfor %}",
        "{{ d.get('name') }}",
        "{{ o.name }}",
        "{{ d.missing is defined }}",
        "{{ d.keys is callable }}",
    ],
)
def test_templates_read_dicts_as_jinja_does(source):
    """banshi's environment looks dict keys up first; what a template reads is unchanged."""
    values = {
        "d": {"name": "<办事>", "items": "key", "keys": 1, "nested": {"name": "x"}},
        "o": type("O", (), {"name": "attribute"})(),
    }
    jinja = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    ours = environment()
    assert ours.from_string(source).render(values) == jinja.from_string(source).render(values)


def test_a_missing_dict_key_is_still_an_error():
    with pytest.raises(jinja2.UndefinedError, match="has no attribute 'missing'"):
        environment().from_string("{{ d.missing }}").render(d={"name": 1})


@pytest.mark.parametrize(
    "number, href",
    [
        ("0372-5550101", "tel:0372-5550101"),
        ("0372-5550101-801", "tel:0372-5550101;ext=801"),
        ("12345", "tel:12345"),
        ("13812345678", "tel:13812345678"),
        ("400-123-4567", "tel:400-123-4567"),
    ],
)
def test_a_phone_number_is_a_link_that_dials_it(number, href):
    assert str(environment().from_string("{{ n | tel }}").render(n=number)) == (
        f'<a class="banshi-tel" href="{href}">{number}</a>'
    )


@pytest.mark.parametrize("text", ["待公布", '"><script>alert(1)</script>', "tel:12345"])
def test_text_that_is_no_phone_number_stays_text(text):
    shown = environment().from_string("{{ n | tel }}").render(n=text)
    assert "<a" not in shown and "<script>" not in shown


@pytest.mark.parametrize(
    "name, shown",
    [
        ("低保", "“低保”"),
        ("开办餐馆“一件事”", "“开办餐馆‘一件事’”"),
        ('"开办小餐饮"一件事', "“‘开办小餐饮’一件事”"),
    ],
)
def test_a_quoted_name_never_nests_its_quotation_marks(name, shown):
    assert environment().from_string("{{ n | quoted }}").render(n=name) == shown


def test_the_templates_digest_passes_over_bytecode(tmp_path):
    """pip compiles the templates package's __init__.py into __pycache__ when it installs
    Banshi: the digest of the templates is of the templates, not of that."""
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "guide.md.j2").write_text("{{ name }}\n", encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)))
    clean = templates_digest(env)
    (tmp_path / "__pycache__/__init__.cpython-311.pyc").write_bytes(b"\xa7\r\r\n\0\0\0\0")
    assert templates_digest(env) == clean
