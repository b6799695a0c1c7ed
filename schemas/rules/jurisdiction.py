"""Where a user reaches: some counties, a prefecture, or the whole region.

County codes are Tibet's six-digit administrative codes (``54xxyy``): the first four digits name
the prefecture. The phone uses this to keep only its own counties' venues; the server to refuse
anything outside a caller's reach.
"""

from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("county", "prefecture", "region")
REGION_PREFIX = "54"


@dataclass(frozen=True)
class Jurisdiction:
    level: str  # "county" | "prefecture" | "region"
    codes: tuple[str, ...] = ()

    def covers(self, county_code: str) -> bool:
        if self.level == "region":
            return county_code.startswith(REGION_PREFIX)
        if self.level == "prefecture":
            return any(county_code[:4] == code[:4] for code in self.codes)
        return county_code in self.codes

    def as_dict(self) -> dict:
        return {"level": self.level, "codes": list(self.codes)}

    @classmethod
    def from_dict(cls, data: dict) -> Jurisdiction:
        return cls(level=data["level"], codes=tuple(data.get("codes", ())))
