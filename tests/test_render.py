"""Catalog text in Markdown stays text: nothing becomes markup, and nothing is over-escaped."""

import markdown
import pytest

from banshi.emit.render import md


@pytest.mark.parametrize("text", [
    "[点我](javascript:alert(1))", "<script>alert(1)</script>", "*强调* _强调_ `代码`", "# 标题", "- 列表",
    "1. 列表", "2026.11", "12) 项", "> 引用", "a | b", "0372-5551201", "9:00-11:30", "R&D", "\\[x\\]", "![图](x.png)",
])
def test_markdown_renders_the_text_itself(text):
    html = markdown.markdown(str(md(text)), extensions=["tables"])
    assert html == "<p>" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>"
