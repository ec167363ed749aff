"""Submission profiles: what one recipient (a state central registry, NPCR, SEER) wants and how often.

A profile is a small YAML document an administrator edits in the UI or loads from a file. Its keys:

``name``, ``recipient``
    short identifier (used by ``registry submissions build --profile NAME``) and the recipient's name.
``naaccr_version``, ``record_type``
    the NAACCR XML base dictionary version ("250", "260") and record type (A, M, C, I) of the file.
``user_dictionaries``
    the recipient's user-defined dictionaries (NAACCR XML specification 1.8 section 1.3): file names packaged
    in ``registry/submissions/data`` or absolute paths. Their URIs go into ``userDictionaryUri``.
``required_items``
    items every tumor record must carry; a missing one is an error-level failure of the gate.
``edit_set``
    the edit set run as a gate (``registry.edits.engine.EDIT_SETS``).
``selection``
    which cases go: ``dx_year_from``/``dx_year_to``, ``class_of_case`` (codes; empty = all),
    ``behaviors`` (ICD-O-3 behaviour codes; default in situ and malignant), ``benign_brain`` (also send
    behaviour 0/1 of brain and CNS sites C70.0-C72.9, C75.1-C75.3, reportable in the US since 2004 under
    Public Law 107-260), ``facilities`` (reporting facility codes; empty = all), ``statuses`` (abstract
    statuses; default complete and reviewed).
``send``
    ``new`` (cases never sent) or ``corrections`` (also cases changed since they were last sent).
``on_edit_errors``
    ``block`` (a batch with error-level failures cannot go out) or ``hold`` (failing cases are held back and
    listed; the rest go out and the held ones are picked up by a later batch once fixed).
``file_name``
    pattern with ``{profile}``, ``{registry_id}``, ``{date}`` (YYYYMMDD) and ``{batch}`` (batch number,
    format spec allowed, e.g. ``{batch:04d}``); ``.xml.gz`` is appended when missing.
``deadline_days``, ``deadline_from``
    the recipient's timeliness rule, e.g. 180 days from ``dateOfDiagnosis`` or ``dateOf1stContact``.
``copy_items``
    state items filled from our items, ``{stateItem: ourItem}`` (e.g. Maryland's ``repFacilityMD10Num`` from
    ``reportingFacility``), applied when the state item is blank.
"""

from __future__ import annotations

import os
import string
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from registry.naaccr.dictionary import BASE_VERSIONS, Dictionary, DictionaryError, normalize_version
from registry.naaccr.xml.userdict import load_user_dictionary

SEND_MODES = ("new", "corrections")
ERROR_MODES = ("block", "hold")
DEADLINE_FROM = ("dateOfDiagnosis", "dateOf1stContact")
FILE_FIELDS = frozenset({"profile", "registry_id", "date", "batch"})
DEFAULT_STATUSES = ("complete", "reviewed")


class ProfileError(ValueError):
    """A profile that cannot be used; ``problems`` lists every reason in plain words."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Selection:
    dx_year_from: int | None = None
    dx_year_to: int | None = None
    class_of_case: tuple[str, ...] = ()
    behaviors: tuple[str, ...] = ("2", "3")
    benign_brain: bool = True
    facilities: tuple[str, ...] = ()
    statuses: tuple[str, ...] = DEFAULT_STATUSES


@dataclass(frozen=True)
class Profile:
    name: str
    recipient: str
    naaccr_version: str = "260"
    record_type: str = "A"
    user_dictionaries: tuple[str, ...] = ()
    required_items: tuple[str, ...] = ()
    edit_set: str = "state-submission"
    selection: Selection = field(default_factory=Selection)
    send: str = "corrections"
    on_edit_errors: str = "block"
    file_name: str = "{profile}_{registry_id}_{date}_{batch:04d}.xml.gz"
    deadline_days: int = 180
    deadline_from: str = "dateOfDiagnosis"
    copy_items: dict[str, str] = field(default_factory=dict)

    def dictionaries(self) -> list[Dictionary]:
        """The loaded user dictionaries, in profile order."""
        return [_load_dictionary(ref) for ref in self.user_dictionaries]

    def file_name_for(self, batch_number: int, registry_id: str, date: str) -> str:
        name = self.file_name.format(profile=self.name, registry_id=registry_id or "registry", date=date,
                                     batch=batch_number)
        return name if name.endswith(".xml.gz") else name + (".gz" if name.endswith(".xml") else ".xml.gz")


def _load_dictionary(ref: str) -> Dictionary:
    """A user dictionary named in a profile: a packaged file name or an absolute path."""
    if os.path.isabs(ref):
        return load_user_dictionary(ref, strict=False)
    packaged = resources.files("registry.submissions") / "data" / Path(ref).name
    with resources.as_file(packaged) as path:
        if not path.is_file():
            raise DictionaryError(f"no packaged user dictionary {ref!r}")
        return load_user_dictionary(str(path), strict=False)


def _tuple(value: object, key: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, int)):
        value = [value]
    if not isinstance(value, list):
        problems.append(f"{key} must be a list")
        return ()
    return tuple(str(v) for v in value)


def _year(value: object, key: str, problems: list[str]) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(str(value))
    except ValueError:
        year = 0
    if not 1900 <= year <= 2100:
        problems.append(f"selection.{key} must be a year")
        return None
    return year


def _selection(raw: object, problems: list[str]) -> Selection:
    if raw is None:
        return Selection()
    if not isinstance(raw, dict):
        problems.append("selection must be a mapping")
        return Selection()
    unknown = set(raw) - {f for f in Selection.__dataclass_fields__}
    problems += [f"selection.{k} is not a known setting" for k in sorted(unknown)]
    return Selection(
        dx_year_from=_year(raw.get("dx_year_from"), "dx_year_from", problems),
        dx_year_to=_year(raw.get("dx_year_to"), "dx_year_to", problems),
        class_of_case=_tuple(raw.get("class_of_case"), "selection.class_of_case", problems),
        behaviors=_tuple(raw.get("behaviors", ["2", "3"]), "selection.behaviors", problems),
        benign_brain=bool(raw.get("benign_brain", True)),
        facilities=_tuple(raw.get("facilities"), "selection.facilities", problems),
        statuses=_tuple(raw.get("statuses", list(DEFAULT_STATUSES)), "selection.statuses", problems),
    )


def _choice(raw: dict, key: str, choices: tuple[str, ...], default: str, problems: list[str]) -> str:
    value = str(raw.get(key, default))
    if value not in choices:
        problems.append(f"{key} must be one of {', '.join(choices)}")
    return value


def _check_file_name(pattern: str, problems: list[str]) -> None:
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None}
    except ValueError as exc:
        problems.append(f"file_name is not a valid pattern: {exc}")
        return
    if fields - FILE_FIELDS:
        problems.append(f"file_name may only use {', '.join(sorted(FILE_FIELDS))}")
    if "/" in pattern or "\\" in pattern:
        problems.append("file_name must be a file name, not a path")


def _check_references(profile: Profile, problems: list[str]) -> None:
    from registry.edits.engine import EDIT_SETS

    if profile.edit_set not in EDIT_SETS:
        problems.append(f"edit_set must be one of {', '.join(EDIT_SETS)}")
    if profile.naaccr_version not in BASE_VERSIONS or profile.naaccr_version < "210":
        problems.append("naaccr_version must be a NAACCR XML version from 210 to 260")
    for ref in profile.user_dictionaries:
        try:
            _load_dictionary(ref)
        except (DictionaryError, OSError) as exc:
            problems.append(f"user dictionary {ref}: {exc}")


def parse_profile(text: str) -> Profile:
    """A checked profile from its YAML text; raises :class:`ProfileError` listing every problem."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ProfileError([f"not valid YAML: {exc}"]) from None
    if not isinstance(raw, dict):
        raise ProfileError(["a profile is a YAML mapping of settings"])
    problems = [f"{k} is not a known setting" for k in sorted(set(raw) - set(Profile.__dataclass_fields__))]
    name = str(raw.get("name") or "").strip()
    if not name or not all(c.isalnum() or c in "-_" for c in name):
        problems.append("name is required (letters, digits, - and _)")
    copy_items = raw.get("copy_items") or {}
    if not isinstance(copy_items, dict):
        problems.append("copy_items must be a mapping of state item to our item")
        copy_items = {}
    try:
        deadline = int(raw.get("deadline_days", 180))
    except (TypeError, ValueError):
        deadline = 0
    if deadline <= 0:
        problems.append("deadline_days must be a positive number of days")
    profile = Profile(
        name=name,
        recipient=str(raw.get("recipient") or name),
        naaccr_version=normalize_version(str(raw.get("naaccr_version", "260"))),
        record_type=_choice(raw, "record_type", ("A", "M", "C", "I"), "A", problems),
        user_dictionaries=_tuple(raw.get("user_dictionaries"), "user_dictionaries", problems),
        required_items=_tuple(raw.get("required_items"), "required_items", problems),
        edit_set=str(raw.get("edit_set", "state-submission")),
        selection=_selection(raw.get("selection"), problems),
        send=_choice(raw, "send", SEND_MODES, "corrections", problems),
        on_edit_errors=_choice(raw, "on_edit_errors", ERROR_MODES, "block", problems),
        file_name=str(raw.get("file_name") or Profile.file_name),
        deadline_days=deadline,
        deadline_from=_choice(raw, "deadline_from", DEADLINE_FROM, "dateOfDiagnosis", problems),
        copy_items={str(k): str(v) for k, v in copy_items.items()},
    )
    _check_file_name(profile.file_name, problems)
    _check_references(profile, problems)
    if problems:
        raise ProfileError(problems)
    return profile


def demo_profile_text() -> str:
    """The YAML of the packaged demo profile (Maryland, for the synthetic registry of ``registry demo``)."""
    return (resources.files("registry.submissions") / "data" / "demo-maryland.yaml").read_text(encoding="utf-8")
