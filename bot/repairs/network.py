"""The service network file: regions, technicians and booking rules, validated."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeVar

import yaml

from bot.repairs.errors import ServiceNetworkError
from bot.repairs.regions import Region
from bot.repairs.shifts import WEEKDAYS, Shift, parse_hours

__all__ = [
    "CATEGORIES",
    "RegionSpec",
    "ServiceNetwork",
    "TechnicianSpec",
    "load_network",
]

CATEGORIES: Final = (
    "washing_machine",
    "refrigerator",
    "air_conditioner",
    "water_heater",
    "water_purifier",
)
_CODE: Final = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS: Final = {
    "window_hours",
    "booking_horizon_days",
    "min_lead_hours",
    "regions",
    "technicians",
}
_REGION_KEYS: Final = {"code", "name", "aliases", "categories"}
_TECHNICIAN_KEYS: Final = {"id", "name", "region", "categories", "days", "hours"}
_Item = TypeVar("_Item")


@dataclass(frozen=True)
class RegionSpec(Region):
    """A region (a city) as written in the network file.

    Attributes:
        aliases: Other names customers use: districts, abbreviations, spellings.
    """

    aliases: tuple[str, ...]


@dataclass(frozen=True)
class TechnicianSpec:
    """A technician as written in the network file.

    Attributes:
        id: Stable identifier, e.g. ``T-SH-01``.
        name_zh: Chinese name.
        name_en: English name.
        region: Code of the region served.
        categories: Product categories repaired.
        shift: Working days and hours.
    """

    id: str
    name_zh: str
    name_en: str
    region: str
    categories: tuple[str, ...]
    shift: Shift


@dataclass(frozen=True)
class ServiceNetwork:
    """The whole validated network.

    Attributes:
        window_hours: Length of a visit window.
        booking_horizon_days: How many days ahead (after today) visits can be booked.
        min_lead_hours: How long after booking the earliest window may start.
        regions: The regions, in file order.
        technicians: The technicians, in file order.
        source: Where the network was read from.
    """

    window_hours: int
    booking_horizon_days: int
    min_lead_hours: int
    regions: tuple[RegionSpec, ...]
    technicians: tuple[TechnicianSpec, ...]
    source: str = ""


class _Problems:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[str] = []

    def add(self, where: str, problem: str) -> None:
        self.items.append(f"{self.path}: {where}: {problem}")


def _int(
    data: dict[str, Any], key: str, low: int, high: int, default: int, problems: _Problems
) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        problems.add(key, f"{value!r} is not a whole number from {low} to {high}")
        return default
    return value


def _name(value: Any, where: str, problems: _Problems) -> tuple[str, str]:
    if not isinstance(value, dict):
        problems.add(where, "'name' needs a Chinese (zh) and an English (en) text")
        return "", ""
    texts = []
    for language in ("zh", "en"):
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            problems.add(where, f"name has no {language} text")
            text = ""
        texts.append(text.strip())
    return texts[0], texts[1]


def _strings(value: Any, where: str, field: str, problems: _Problems) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.add(where, f"'{field}' must be a list of texts")
        return []
    return [v.strip() for v in value]


def _categories(value: Any, where: str, problems: _Problems) -> tuple[str, ...]:
    names = _strings(value, where, "categories", problems)
    if not names:
        problems.add(where, "no categories given")
    for name in names:
        if name not in CATEGORIES:
            problems.add(where, f"unknown category {name!r} (known: {', '.join(CATEGORIES)})")
    return tuple(dict.fromkeys(n for n in names if n in CATEGORIES))


def _unknown_keys(raw: dict[str, Any], known: set[str], where: str, problems: _Problems) -> None:
    for key in raw:
        if key not in known:
            problems.add(where, f"unknown field {key!r}")


def _region(raw: Any, index: int, problems: _Problems) -> RegionSpec | None:
    where = f"regions[{index}]"
    if not isinstance(raw, dict):
        problems.add(where, "must be a mapping")
        return None
    code = raw.get("code")
    if not isinstance(code, str) or not _CODE.match(code):
        problems.add(where, f"code {code!r} must be lower-case letters, digits and '_'")
        return None
    where = f"region {code}"
    _unknown_keys(raw, _REGION_KEYS, where, problems)
    name_zh, name_en = _name(raw.get("name"), where, problems)
    aliases = _strings(raw.get("aliases"), where, "aliases", problems)
    categories = _categories(raw.get("categories"), where, problems)
    return RegionSpec(code, name_zh, name_en, categories, tuple(aliases))


def _days(value: Any, where: str, problems: _Problems) -> frozenset[int]:
    if value == "daily":
        return frozenset(range(7))
    names = _strings(value, where, "days", problems)
    if not names:
        problems.add(where, "no working days given (a list of mon..sun, or 'daily')")
    days = set()
    for name in names:
        if name.lower() in WEEKDAYS:
            days.add(WEEKDAYS.index(name.lower()))
        else:
            problems.add(where, f"unknown weekday {name!r} (use {', '.join(WEEKDAYS)})")
    return frozenset(days)


def _hours(value: Any, where: str, window_hours: int, problems: _Problems) -> tuple[int, int]:
    try:
        start, end = parse_hours(str(value)) if value is not None else (0, 0)
    except ValueError as exc:
        problems.add(where, str(exc))
        return 0, 0
    if value is None:
        problems.add(where, "no hours given (like '08:00-18:00')")
    elif end <= start:
        problems.add(where, f"hours {value!r} end before they start")
    elif (end - start) % (window_hours * 60):
        problems.add(
            where, f"hours {value!r} are not a whole number of {window_hours}-hour windows"
        )
    return start, end


def _technician(
    raw: Any,
    index: int,
    regions: dict[str, RegionSpec],
    window_hours: int,
    problems: _Problems,
) -> TechnicianSpec | None:
    where = f"technicians[{index}]"
    if not isinstance(raw, dict):
        problems.add(where, "must be a mapping")
        return None
    tech_id = raw.get("id")
    if not isinstance(tech_id, str) or not tech_id.strip() or len(tech_id) > 32:
        problems.add(where, f"id {tech_id!r} must be a text of up to 32 characters")
        return None
    tech_id = tech_id.strip()
    where = f"technician {tech_id}"
    _unknown_keys(raw, _TECHNICIAN_KEYS, where, problems)
    name_zh, name_en = _name(raw.get("name"), where, problems)
    region = raw.get("region")
    categories = _categories(raw.get("categories"), where, problems)
    if region not in regions:
        problems.add(where, f"unknown region {region!r}")
    else:
        for category in categories:
            if category not in regions[region].categories:
                problems.add(where, f"category {category} is not serviced in region {region}")
    days = _days(raw.get("days"), where, problems)
    start, end = _hours(raw.get("hours"), where, window_hours, problems)
    return TechnicianSpec(
        tech_id, name_zh, name_en, str(region), categories, Shift(days, start, end)
    )


def _check_aliases(regions: list[RegionSpec], problems: _Problems) -> None:
    owner: dict[str, str] = {}
    for region in regions:
        for term in (region.name_zh, region.name_en, *region.aliases):
            folded = term.casefold()
            if not folded:
                continue
            other = owner.setdefault(folded, region.code)
            if other != region.code:
                problems.add(
                    f"region {region.code}",
                    f"name or alias {term!r} is already used by region {other}",
                )


def _check_coverage(
    regions: list[RegionSpec], technicians: list[TechnicianSpec], problems: _Problems
) -> None:
    for region in regions:
        for category in region.categories:
            missing = [
                WEEKDAYS[day]
                for day in range(7)
                if not any(
                    t.region == region.code and category in t.categories and day in t.shift.days
                    for t in technicians
                )
            ]
            if missing:
                problems.add(
                    f"region {region.code}",
                    f"no technician for {category} on {', '.join(missing)} "
                    "(service is promised every day)",
                )


def _unique(
    raw_items: list[Any],
    read: Callable[[Any, int], _Item | None],
    key: Callable[[_Item], str],
    problems: _Problems,
    *,
    section: str,
    key_name: str,
) -> dict[str, _Item]:
    """Reads each entry of a list, keeping the first of those with the same key.

    Args:
        raw_items: The entries as written.
        read: Reads one entry and its index; ``None`` when it is unusable.
        key: What must be unique across the entries.
        problems: Where problems are recorded.
        section: The list's name in problems, e.g. ``regions``.
        key_name: The key's name in problems, e.g. ``region code``.
    """
    items: dict[str, _Item] = {}
    for index, raw in enumerate(raw_items):
        item = read(raw, index)
        if item is None:
            continue
        if key(item) in items:
            problems.add(f"{section}[{index}]", f"duplicate {key_name} {key(item)!r}")
            continue
        items[key(item)] = item
    return items


def _parse(data: Any, path: Path) -> ServiceNetwork:
    problems = _Problems(path)
    if not isinstance(data, dict):
        raise ServiceNetworkError([f"{path}: the file must hold a mapping"])
    _unknown_keys(data, _TOP_KEYS, "top level", problems)
    window_hours = _int(data, "window_hours", 1, 12, 2, problems)
    horizon = _int(data, "booking_horizon_days", 1, 365, 30, problems)
    lead = _int(data, "min_lead_hours", 0, 24 * 14, 2, problems)

    raw_regions = data.get("regions")
    if not isinstance(raw_regions, list) or not raw_regions:
        problems.add("regions", "a non-empty list of regions is required")
        raw_regions = []
    regions = _unique(
        raw_regions,
        lambda raw, index: _region(raw, index, problems),
        lambda region: region.code,
        problems,
        section="regions",
        key_name="region code",
    )
    _check_aliases(list(regions.values()), problems)

    raw_technicians = data.get("technicians")
    if not isinstance(raw_technicians, list):
        problems.add("technicians", "a list of technicians is required")
        raw_technicians = []
    technicians = _unique(
        raw_technicians,
        lambda raw, index: _technician(raw, index, regions, window_hours, problems),
        lambda technician: technician.id,
        problems,
        section="technicians",
        key_name="technician id",
    )
    _check_coverage(list(regions.values()), list(technicians.values()), problems)

    if problems.items:
        raise ServiceNetworkError(problems.items)
    return ServiceNetwork(
        window_hours=window_hours,
        booking_horizon_days=horizon,
        min_lead_hours=lead,
        regions=tuple(regions.values()),
        technicians=tuple(technicians.values()),
        source=str(path),
    )


def load_network(path: Path) -> ServiceNetwork:
    """Reads and validates a service network file.

    Args:
        path: The YAML file.

    Returns:
        The network.

    Raises:
        ServiceNetworkError: The file is missing, not YAML, or invalid; every problem
            is listed, each naming the file and the item.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ServiceNetworkError([f"{path}: cannot be read: {exc}"]) from exc
    except yaml.YAMLError as exc:
        raise ServiceNetworkError([f"{path}: not valid YAML: {exc}"]) from exc
    return _parse(data, path)
