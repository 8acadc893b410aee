"""Which body hears an applicant's 行政复议 against a department's act (复议机关), by the
行政复议法 as revised in 2023 (in force 2024-01-01; docs/papers.md "复议机关").

- a department names its own ``review_body``: that one (a dispatched body, a 司法行政部门, or
  whatever the rule below gets wrong for it);
- a vertically managed department (``vertical: true``; 海关、金融、外汇管理、税务、国家安全…,
  art. 27) → the organ above it in its line: the department of the same sector in the nearest
  region above;
- a department of a county, city or province government → the people's government at its level
  (art. 24 ¶1(一)); the choice of "上一级主管部门" the 2017 law gave is gone;
- anything decided at a township → the government of the county (or city) above it (art. 24
  ¶1(二)): a township government never hears a review (art. 4);
- a national department (国务院部门) → the department itself (art. 25).
"""

from __future__ import annotations

from banshi.resolve.compiled import Department, Region

GOVERNMENT_LEVELS = ("province", "city", "county")


def _government(region: Region, regions: dict[str, Region]) -> str:
    """The people's government that hears reviews of what is decided in ``region``."""
    for code in (region.code, *region.ancestors):
        if regions[code].level in GOVERNMENT_LEVELS:
            return f"{regions[code].name}人民政府"
    return f"{region.name}人民政府"  # a catalog of townships only: the nearest there is


def _above_in_line(department: Department, departments, regions) -> str | None:
    """The department of the same sector in the nearest region above ``department``'s."""
    for code in regions[department.region].ancestors:
        for other in departments:
            if other.region == code and other.sector == department.sector:
                return other.name
    return None


def reviewed_by(department: Department, departments, regions: dict[str, Region]) -> str:
    """The 复议机关 of ``department``'s acts; an empty string when the catalog must say it
    (a vertical department with no department of its line above: rule department.review-body)."""
    if department.review_body:
        return department.review_body
    if department.vertical:
        return _above_in_line(department, departments, regions) or ""
    region = regions[department.region]
    if region.level == "national":
        return department.name
    return _government(region, regions)
