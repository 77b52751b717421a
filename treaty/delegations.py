"""Who can propose: every state by ISO 3166-1 alpha-3 code (from pycountry), plus groups
and observers in `GROUPS`, plus whatever a workspace adds in ``delegations.xml``::

    <delegations>
      <delegation code="AU" name="African Union" kind="observer"/>
      <group code="G77" name="Group of 77 and China" members="..."/>
    </delegations>

An unknown code is an error that suggests the closest known ones (rapidfuzz).
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from .akn import local, parse_file
from .model import TreatyError


@dataclass(frozen=True)
class Delegation:
    code: str
    name: str
    kind: str = "state"
    """``state``, ``group`` or ``observer``."""
    members: tuple[str, ...] = ()


# Groups and observers seen in UN negotiations; members are listed where the tool counts them.
_EU_MEMBERS = ("AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT "
               "NLD POL PRT ROU SVK SVN ESP SWE").split()
GROUPS: tuple[Delegation, ...] = (
    Delegation("EU", "European Union and its member States", "group", tuple(_EU_MEMBERS)),
    Delegation("AFG-GROUP", "African Group", "group"),
    Delegation("ARAB", "Arab Group", "group"),
    Delegation("CARICOM", "Caribbean Community", "group"),
    Delegation("G77", "Group of 77 and China", "group"),
    Delegation("GRULAC", "Latin American and Caribbean Group", "group"),
    Delegation("OIC", "Organisation of Islamic Cooperation", "group"),
    Delegation("CELAC", "Community of Latin American and Caribbean States", "group"),
    Delegation("ASEAN", "Association of Southeast Asian Nations", "group"),
    Delegation("PSIDS", "Pacific Small Island Developing States", "group"),
    Delegation("CoE", "Council of Europe", "observer"),
    Delegation("ICRC", "International Committee of the Red Cross", "observer"),
    Delegation("OHCHR", "Office of the United Nations High Commissioner for Human Rights", "observer"),
    Delegation("VAT", "Holy See", "observer"),
    Delegation("PSE", "State of Palestine", "observer"),
)

# Short names as used in UN documents where pycountry's differ.
_UN_NAMES = {
    "GBR": "United Kingdom", "USA": "United States", "RUS": "Russian Federation",
    "IRN": "Iran (Islamic Republic of)", "SYR": "Syrian Arab Republic", "KOR": "Republic of Korea",
    "PRK": "Democratic People's Republic of Korea", "VEN": "Venezuela (Bolivarian Republic of)",
    "BOL": "Bolivia (Plurinational State of)", "TZA": "United Republic of Tanzania",
    "VNM": "Viet Nam", "LAO": "Lao People's Democratic Republic", "MDA": "Republic of Moldova",
    "CPV": "Cabo Verde", "CZE": "Czechia", "TUR": "Türkiye",
}


@dataclass(frozen=True)
class Registry:
    by_code: dict[str, Delegation]

    def get(self, code: str) -> Delegation:
        try:
            return self.by_code[code]
        except KeyError:
            raise TreatyError(code, "unknown delegation; did you mean "
                              f"{' or '.join(self.suggest(code))}?",
                              "use an ISO 3166 alpha-3 code or add it to delegations.xml") from None

    def name(self, code: str) -> str:
        found = self.by_code.get(code)
        return found.name if found else code

    def in_language(self, language: str) -> Registry:
        """The same registry with the states' names in `language` (ISO 639-1), from
        pycountry's translations of ISO 3166; groups, observers and names a workspace gives
        stay as written. English (or a language pycountry lacks) returns `self`."""
        translated = _state_names(language)
        if not translated:
            return self
        builtin = _builtin()
        table = {code: (Delegation(code, translated[code], d.kind, d.members)
                        if code in translated and builtin.get(code) == d else d)
                 for code, d in self.by_code.items()}
        return Registry(table)

    def known(self, code: str) -> bool:
        return code in self.by_code

    def suggest(self, code: str, limit: int = 3) -> list[str]:
        """Closest known codes: first those whose name spells the typed letters in order
        from its first letter (``SNG`` -> Singapore), tightest first; then by edit ratio."""
        upper = code.upper()
        if upper in self.by_code:
            return [upper]
        spelled = sorted((span, c) for c, d in self.by_code.items()
                         if (span := _spelled_span(upper, d.name.upper())) is not None)
        codes = [c for _, c in spelled[:limit]]
        for hit in process.extract(upper, list(self.by_code), scorer=fuzz.ratio, limit=limit):
            if hit[0] not in codes:
                codes.append(hit[0])
        return codes[:limit]

    def expand(self, code: str) -> tuple[str, ...]:
        """A group's members (for counting the EU with its member States); else the code."""
        found = self.by_code.get(code)
        return found.members if found and found.members else (code,)


def _iso3166() -> list[tuple[str, str]]:
    """(alpha-3 code, English name) of every state in ISO 3166-1, from pycountry's data file.

    The file is read directly: importing pycountry costs some 20 ms more than reading its
    table (it loads ``importlib.metadata`` and the e-mail package for its version number),
    and every command that loads a workspace needs the table. Its module is imported only if
    the file is not where pycountry keeps it."""
    spec = importlib.util.find_spec("pycountry")
    folders = spec.submodule_search_locations if spec else None
    for folder in folders or ():
        try:
            data = json.loads((Path(folder) / "databases" / "iso3166-1.json").read_bytes())
            return [(c["alpha_3"], c["name"]) for c in data["3166-1"]]
        except (OSError, ValueError, KeyError, TypeError):
            continue
    import pycountry

    return [(c.alpha_3, c.name) for c in pycountry.countries]


@lru_cache(maxsize=1)
def _builtin() -> dict[str, Delegation]:
    table = {code: Delegation(code, _UN_NAMES.get(code, name)) for code, name in _iso3166()}
    table.update({g.code: g for g in GROUPS})
    return table


@lru_cache(maxsize=8)
def _state_names(language: str) -> dict[str, str]:
    """alpha-3 -> the state's name in `language` (gettext catalogue ``iso3166-1``)."""
    import gettext
    import re

    import pycountry

    from .languages import find

    found = find(language)
    if found is None or found.code == "en" or not found.locale:
        return {}
    try:
        catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[found.locale])
    except OSError:
        return {}
    names = {}
    for country in pycountry.countries:
        name = catalogue.gettext(country.name)
        # ISO's inverted form "Russie, Fédération de" -> "Fédération de Russie".
        inverted = re.fullmatch(r"(.+), (.+ (?:de|d’|d'|du|des|del))", name)
        names[country.alpha_3] = f"{inverted.group(2)} {inverted.group(1)}" if inverted else name
    return names


def registry(workspace_root: Path | None = None) -> Registry:
    """The built-in registry, extended by the workspace's ``delegations.xml`` if present."""
    table = dict(_builtin())
    path = workspace_root / "delegations.xml" if workspace_root else None
    if path and path.exists():  # a FIFO or device there is refused by parse_file, not skipped
        root = parse_file(path, inside=workspace_root)
        for el in root:
            if local(el) not in ("delegation", "group"):
                continue
            code, name = el.get("code"), el.get("name")
            if not code or not name:
                raise TreatyError(str(path), "a delegation needs code= and name=",
                                  "add both attributes", el.sourceline)
            kind = "group" if local(el) == "group" else el.get("kind", "observer")
            table[code] = Delegation(code, name, kind, tuple((el.get("members") or "").split()))
    return Registry(table)


def _spelled_span(letters: str, name: str) -> int | None:
    """Length of the shortest prefix of `name` that contains `letters` in order, starting
    with the first letter; None if it does not."""
    if not letters or not name or name[0] != letters[0]:
        return None
    pos = 0
    for ch in letters[1:]:
        pos = name.find(ch, pos + 1)
        if pos < 0:
            return None
    return pos + 1
