"""The window's papers: 一次性告知单, 补正告知书, 受理通知书 (or a 收件回执), 容缺受理书,
不予受理决定书, 延期办结告知书, 代办委托书 and the decisions.

A layer between resolve and emit: ``paper(guide, calendar, request) → Paper`` says what a paper
states (``banshi.papers.make``), worded and laid out by the templates in ``templates/papers/``,
which a centre overrides like any other. docs/papers.md is the table of what each carries, and
the law that asks for it.
"""
