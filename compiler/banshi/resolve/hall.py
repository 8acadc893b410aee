"""A service hall's printed matter (banshi hall REGION): what hangs at each window and on the
walls of one region's 政务服务中心 or 便民服务中心, from the region's guides.

- 窗口吊牌 per window: the department, its main items, fees, promises and phone;
- 政务公示牌: every item of the hall with its legal and promised limits and per-step limits;
- 便民联系卡: the windows, hours, phones, the complaint phone and the address;
- QR placards of the hall's high-frequency items, each opening this region's guide.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from banshi.errors import UsageError
from banshi.resolve.compiled import Compiled, Department, Guide, Region


class NoHall(UsageError):
    """The region given has no guides to print (a usage error)."""


@dataclass(frozen=True)
class Window:
    agency: Department
    name: str  # the window's name, or the agency's when the catalog names none
    guides: tuple[Guide, ...]

    @property
    def fees(self) -> list[str]:
        return sorted(
            {f"{f.name} {f.amount} 元/{f.unit}" for g in self.guides for f in g.handling.fees}
        )


@dataclass(frozen=True)
class Hall:
    region: Region
    windows: tuple[Window, ...]
    guides: tuple[Guide, ...]  # every item of the hall, for the 政务公示牌
    placards: tuple[Guide, ...]  # its high-frequency items

    @property
    def complaint_phones(self) -> list[str]:
        return sorted({w.agency.complaint_phone for w in self.windows})

    @property
    def hours(self) -> str:
        """The hours most of its windows keep (the earliest in order of equals), said once at
        the top of the 便民联系卡."""
        kept = Counter(w.guides[0].hours for w in self.windows)
        return min(kept, key=lambda hours: (-kept[hours], hours))


def hall(compiled: Compiled, region: str) -> Hall:
    if region not in compiled.regions:
        raise NoHall(f"no region {region} in the catalog")
    here = [g for g in compiled.guides if g.region_code == region]
    if not here:
        raise NoHall(
            f"region {region} {compiled.regions[region].name} implements no item in force on "
            f"{compiled.as_of}: it has no hall to print for"
        )
    by_window: dict[tuple[str, str], list[Guide]] = {}
    for guide in here:
        by_window.setdefault((guide.agency.id, guide.window or guide.agency.name), []).append(guide)
    windows = tuple(
        Window(guides[0].agency, name, tuple(guides))
        for (_, name), guides in sorted(by_window.items())
    )
    return Hall(
        compiled.regions[region],
        windows,
        tuple(sorted(here, key=lambda g: (g.agency.id, g.code))),
        tuple(compiled.placards.get(region, ())),
    )
