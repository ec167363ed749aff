"""Where demo patients live and are treated: a Maryland registry, its counties and its demo hospitals.

The demo registry is set in Maryland because the NAACCR v26 ``countyAtDx`` lookup lists Maryland's FIPS
county codes (plus 998 outside the reporting area and 999 unknown). ZIP codes, cities and coordinates come
from ``zip-all-states.csv.gz``; that table has no county column, so a ZIP's county is the Maryland county
whose approximate centre is nearest to the ZIP's coordinates. This is synthetic geocoding, good enough for
plausible county counts, and is not a ZIP-to-county crosswalk.
"""

from __future__ import annotations

import functools
import math
import random
from typing import NamedTuple

from registry.demo import tables
from registry.demo.sampling import choice, randint
from registry.demo.tables import Zip

STATE = "MD"
NEIGHBOUR_STATES = ("DC", "DE", "PA", "VA", "WV")
OUT_OF_STATE_SHARE = 0.06
OUT_OF_AREA_COUNTY = "998"

# Approximate centres (latitude, longitude) of Maryland's counties, FIPS county code first.
COUNTY_CENTRES: tuple[tuple[str, float, float], ...] = (
    ("001", 39.62, -78.70), ("003", 38.99, -76.56), ("005", 39.44, -76.62), ("009", 38.52, -76.53),
    ("011", 38.87, -75.83), ("013", 39.56, -77.02), ("015", 39.56, -75.94), ("017", 38.47, -77.02),
    ("019", 38.42, -76.08), ("021", 39.47, -77.40), ("023", 39.53, -79.27), ("025", 39.54, -76.30),
    ("027", 39.25, -76.93), ("029", 39.24, -76.10), ("031", 39.14, -77.20), ("033", 38.83, -76.85),
    ("035", 39.04, -76.08), ("037", 38.22, -76.53), ("039", 38.08, -75.85), ("041", 38.75, -76.18),
    ("043", 39.60, -77.81), ("045", 38.37, -75.63), ("047", 38.22, -75.33), ("510", 39.30, -76.61),
)


class Facility(NamedTuple):
    """A demo reporting facility: ``code`` is the 10-character reportingFacility value."""

    code: str
    name: str
    city: str
    state: str


FACILITIES: list[Facility] = [
    Facility("0024000101", "Harborview Demo General Hospital", "Baltimore", "MD"),
    Facility("0024000202", "Capital Demo Medical Center", "Silver Spring", "MD"),
    Facility("0024000303", "Blue Ridge Demo Regional Hospital", "Hagerstown", "MD"),
    Facility("0024000404", "Eastern Shore Demo Cancer Center", "Salisbury", "MD"),
]
# ZIP codes lying (mostly) inside Baltimore City; the surrounding Baltimore County takes the other 212xx codes.
BALTIMORE_CITY_ZIPS = frozenset({
    "21201", "21202", "21205", "21206", "21210", "21211", "21212", "21213", "21214", "21215", "21216", "21217",
    "21218", "21223", "21224", "21225", "21226", "21229", "21230", "21231", "21239",
})
_FACILITY_COORDS = ((39.29, -76.61), (38.99, -77.03), (39.64, -77.72), (38.36, -75.60))


@functools.cache
def county_of(z: Zip) -> str:
    """The county code of a ZIP: Baltimore City by ZIP list, else the nearest county centre; 998 outside Maryland."""
    if z.state != STATE:
        return OUT_OF_AREA_COUNTY
    if z.code in BALTIMORE_CITY_ZIPS:
        return "510"
    counties = [c for c in COUNTY_CENTRES if c[0] != "510"]
    best = min(counties, key=lambda c: (c[1] - z.lat) ** 2 + (c[2] - z.lon) ** 2)
    return best[0]


def pick_zip(rng: random.Random) -> Zip:
    """A residence ZIP: Maryland by population, with a few patients from neighbouring states."""
    if rng.random() < OUT_OF_STATE_SHARE:
        return tables.zips(NEIGHBOUR_STATES).pick(rng)
    return tables.zips((STATE,)).pick(rng)


def street_address(rng: random.Random) -> str:
    """A house number, a street name and a suffix from the imsweb street tables."""
    number = randint(rng, 1, 9999)
    return f"{number} {choice(rng, tables.street_names())} {choice(rng, tables.street_suffixes())}"


def pick_facility(rng: random.Random, z: Zip) -> int:
    """Index into FACILITIES: patients mostly go to a hospital near home (weight 1 / (distance + 15 km))."""
    weights = []
    for lat, lon in _FACILITY_COORDS:
        km = math.hypot((lat - z.lat) * 111.0, (lon - z.lon) * 86.0)
        weights.append(1.0 / (km + 15.0))
    x = rng.random() * sum(weights)
    for i, w in enumerate(weights):
        x -= w
        if x <= 0:
            return i
    return len(weights) - 1
