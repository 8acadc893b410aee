"""What the law makes of each paper: its title by the item's type, the articles it cites, the
grounds of a refusal, the extension a 延期 may give. Read from the statutes' texts; the table
of elements, with the articles quoted, is docs/papers.md.

A paper cites the 行政许可法 only for a 行政许可. Any other item's paper cites the item's own
basis as the catalog records it, or no law at all rather than a wrong one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from banshi.resolve.compiled import Basis, TimeLimit

LICENSING = "行政许可"
LICENSING_LAW = "《中华人民共和国行政许可法》"
# 行政许可法第三十二条第一款: (一) needs no licence; (二) not this organ's; (四) 补正; (五) 受理.
ARTICLE_NOT_REQUIRED = f"{LICENSING_LAW}第三十二条第一款第（一）项"
ARTICLE_NOT_COMPETENT = f"{LICENSING_LAW}第三十二条第一款第（二）项"
ARTICLE_CORRECT = f"{LICENSING_LAW}第三十二条第一款第（四）项"
ARTICLE_ACCEPT = f"{LICENSING_LAW}第三十二条第一款第（五）项"
ARTICLE_APPROVE = f"{LICENSING_LAW}第三十八条第一款"
ARTICLE_DENY = f"{LICENSING_LAW}第三十八条第二款"
ARTICLE_EXTEND = f"{LICENSING_LAW}第四十二条第一款"
# 第三十二条第一款第（四）项: the organ tells what is missing on the spot or within five days.
CORRECTION_NOTICE_DAYS = 5
# 第四十二条第一款: 20 days, and 10 more with the head's approval, unless another law says so.
LICENSING_DAYS, LICENSING_EXTENSION = 20, 10
# 第四十四条: a licence is issued or delivered within 10 days of the decision.
DELIVERY_DAYS = 10

# The grounds of a refusal (--ground). A 行政许可 may be refused only for the first two
# (第三十二条第一款第（一）（二）项): a complete application within the organ's competence must be
# accepted (第（五）项), and one that fails is accepted and then denied (第三十八条第二款).
NOT_REQUIRED, NOT_COMPETENT, OTHER = "not-required", "not-competent", "other"
GROUNDS = (NOT_REQUIRED, NOT_COMPETENT, OTHER)

TITLES = {
    "inform": "一次性告知单",
    "correct": "补正告知书",
    "accept": "受理通知书",
    "receipt": "收件回执",
    "defer": "容缺受理书",
    "extend": "延期办结告知书",
    "proxy": "代办委托书",
}
# The titles of decisions, by the item's type (a template may retitle them).
APPROVALS = {
    LICENSING: "准予行政许可决定书",
    "行政确认": "准予确认决定书",
    "行政给付": "给付决定书",
    "公共服务": "办理结果通知书",
    "便民服务": "办理结果通知书",
}
DENIALS = {
    LICENSING: "不予行政许可决定书",
    "行政确认": "不予确认决定书",
    "行政给付": "不予给付决定书",
    "公共服务": "不予办理通知书",
    "便民服务": "不予办理通知书",
}


# What a decision grants or refuses, in the words of its type.
VERDICTS = {
    LICENSING: ("准予行政许可", "不予行政许可"),
    "行政确认": ("予以确认", "不予确认"),
    "行政给付": ("予以给付", "不予给付"),
}


def verdict(kind: str, item_type: str) -> str | None:
    """A decision's verdict (准予行政许可, 不予确认 …); None for a paper that decides nothing."""
    if kind not in ("approve", "deny"):
        return None
    granted, refused = VERDICTS.get(item_type, ("准予办理", "不予办理"))
    return granted if kind == "approve" else refused


def title(kind: str, item_type: str, ground: str | None) -> str:
    if kind == "approve":
        return APPROVALS.get(item_type, "准予办理决定书")
    if kind == "deny":
        return DENIALS.get(item_type, "不予办理决定书")
    if kind == "refuse":
        return "不予受理告知书" if ground == NOT_REQUIRED else "不予受理决定书"
    return TITLES[kind]


def item_basis(basis: tuple[Basis, ...]) -> tuple[str, ...]:
    """The item's own basis as a paper cites it: its 设定依据, else all it records."""
    chosen = [b for b in basis if b.kind == "设定依据"] or list(basis)
    return tuple(f"《{b.title.strip('《》')}》{b.article or ''}" for b in chosen)


def citations(kind: str, licensing: bool, basis, ground: str | None = None) -> tuple[str, ...]:
    """What a paper of ``kind`` cites."""
    if not licensing:
        return () if kind in ("inform", "proxy", "receipt", "defer") else item_basis(basis)
    return {
        "correct": (ARTICLE_CORRECT,),
        "accept": (ARTICLE_ACCEPT,),
        "refuse": (ARTICLE_NOT_REQUIRED if ground == NOT_REQUIRED else ARTICLE_NOT_COMPETENT,),
        "approve": (*item_basis(basis), ARTICLE_APPROVE),
        "deny": (*item_basis(basis), ARTICLE_DENY),
    }.get(kind, ())


def extension(limit: TimeLimit, licensing: bool) -> tuple[int, str | None] | None:
    """(days, the law that allows them) a decision may be put off past the legal limit, or None.
    The catalog's ``extension`` is the item's own law (0: none); without it, a licence with the
    行政许可法's 20 days gets its 10 more (第四十二条第一款)."""
    if limit.extension is not None:
        return (limit.extension, None) if limit.extension > 0 else None
    if licensing and limit.legal == LICENSING_DAYS and limit.unit == "工作日":
        return LICENSING_EXTENSION, ARTICLE_EXTEND
    return None
