"""Why the tracker could not do something with a proposal, as a value, not as English.

The core (anchoring, the compiler) records a `Reason`: a message id and its values. Its
``str`` is the English sentence every command prints (``treaty check``, ``compile --strict``,
the stale reason written into a proposal), and a compiled draft says the same thing in its
own language from the same value (`render.words.Words.reason`), so the core never knows the
draft's language and no writer knows how a reason is built.

Values are plain (an article number, a count), `Quoted` (words of the text or of a proposal,
quoted, never translated) or another `Reason` (the part that says what differs).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeAlias

ENGLISH: dict[str, str] = {
    # a change that cannot be located (anchoring)
    "no_target": "target {target} does not exist in this text",
    "in_unit": "in {wid}: {reason}",
    "in_unit_why": "in {wid}: {reason} ({why})",
    "occurrence_missing": "occurrence {n} of {old} requested but the text has {count}",
    "ambiguous": "ambiguous: {old} occurs {count} times; add occurrence=\"N\"",
    "not_found": "words not found: {old}",
    "no_scope": "scope {target} does not exist in this text",
    "absent_in": "{old} does not occur in {scope}",
    "absent": "{old} does not occur in the text",
    # what differs between the words of a proposal and the closest text (textfold)
    "diff_has": "the text has {theirs} where the words have {mine}",
    "diff_text_extra": "the text has {theirs} that the words lack",
    "diff_words_extra": "the words have {mine} that the text lacks",
    "diff_char": "{char} ({name})",
    "diff_invisible": "an invisible {name} ({code})",
    "decomposed_text": "the text uses a decomposed {letter}",
    "decomposed_words": "the words use a decomposed {letter}",
    "both": "{first}; {second}",
    # a pending proposal an adopted one overtakes (compile)
    "overtaken_words": "overtaken by {by} ({label}), which already changes these words",
    "overtaken_deletes": "overtaken by {by} ({label}), which deletes {unit}",
    "overtaken_replaces": "overtaken by {by} ({label}), which replaces {unit}",
    "st_ad_ref": "ad ref",
    "st_adopted": "adopted",
    "st_adopted_at": "adopted at {session}",
}
"""Each message in English, ``{name}`` filled with the value of that name."""

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Quoted:
    """Words of the text or of a proposal: quoted in any language, never translated."""

    text: str


Value: TypeAlias = "str | int | Quoted | Reason"


@dataclass(frozen=True)
class Reason:
    """A message id of `ENGLISH` and its values; ``str`` gives the English sentence."""

    id: str
    values: tuple[tuple[str, Value], ...] = ()

    @classmethod
    def of(cls, id: str, **values: Value) -> Reason:
        return cls(id, tuple(values.items()))

    def words(self, template: Callable[[str], str], quote: Callable[[str], str]) -> str:
        """This reason in the words `template` gives for a message id, quoted words
        written by `quote`."""
        values = dict(self.values)

        def fill(m: re.Match[str]) -> str:
            value = values.get(m.group(1), m.group(0))
            if isinstance(value, Reason):
                return value.words(template, quote)
            if isinstance(value, Quoted):
                return quote(value.text)
            return str(value)

        return _PLACEHOLDER.sub(fill, template(self.id))

    def __str__(self) -> str:
        return self.words(ENGLISH.__getitem__, repr)
