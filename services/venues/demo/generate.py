"""Generate the fictional demo venue set (fixed seed): python -m services.venues.demo.generate

Every name carries 示例 (demo), operators are fictional, phone numbers are 555-range numbers.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from services.catalog.regions import regions
from services.venues.csv_import import COLUMNS

OUT = Path(__file__).with_name("demo_venues.csv")
SEED = 20210601
# Rough centres of the prefecture seats, for plausible coordinates.
CENTRES = {"5401": (29.65, 91.13), "5402": (29.27, 88.88), "5403": (31.14, 97.17), "5404": (29.65, 94.36),
           "5405": (29.24, 91.77), "5406": (31.48, 92.05), "5425": (32.50, 80.10)}
TYPE_WEIGHTS = {"shop": 30, "service_hall": 22, "bank": 15, "hospital": 12, "telecom_postal": 10,
                "cultural_venue": 6, "bus_station": 5}
# The few places with an airport or a railway station (counties they plausibly serve).
AIRPORTS = ["540522", "540202", "540302", "540402", "542523", "540602"]
RAILWAY = ["540102", "540103", "540202", "540402", "540502", "540624", "540602"]
LABEL = {"shop": "超市", "service_hall": "政务服务中心", "bank": "银行营业网点", "hospital": "医院",
         "telecom_postal": "邮政电信营业厅", "cultural_venue": "文化馆", "bus_station": "汽车客运站",
         "airport": "机场", "railway_station": "火车站"}
OPERATORS = ["示例商贸有限公司", "示例金融服务公司", "示例医疗集团", "示例通信服务公司", "示例文化发展公司",
             "示例交通运输公司", "示例公共服务中心"]


def rows(rng: random.Random) -> list[dict]:
    counties = [r for r in regions() if r["level"] == "county"]
    out = []
    plan = [(c, t) for c in AIRPORTS for t in ["airport"]] + [(c, t) for c in RAILWAY for t in ["railway_station"]]
    by_code = {c["code"]: c for c in counties}
    plan = [(by_code[c], t) for c, t in plan]
    for county in counties:  # every county gets at least three venues
        for t in rng.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()), k=3):
            plan.append((county, t))
    while len(plan) < 300:
        plan.append((rng.choice(counties), rng.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()))[0]))
    for n, (county, venue_type) in enumerate(plan, start=1):
        lat0, lon0 = CENTRES[county["code"][:4]]
        gps = rng.random() < 0.8
        out.append({"venue_id": f"demo-{n:04d}", "venue_type": venue_type, "county_code": county["code"],
                    "name_zh": f"示例{county['name']['zh']}{LABEL[venue_type]}{n}号",
                    "name_bo": "", "address": f"{county['name']['zh']}示例路{rng.randint(1, 200)}号",
                    "lat": f"{lat0 + rng.uniform(-0.8, 0.8):.5f}" if gps else "",
                    "lon": f"{lon0 + rng.uniform(-0.8, 0.8):.5f}" if gps else "",
                    "operator": rng.choice(OPERATORS), "contact": f"0891-555{n:04d}"})
    return out


def main() -> None:
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows(random.Random(SEED)))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
