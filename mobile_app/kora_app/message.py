"""Words for the inspector, said by id: the layers below the screens never hold Chinese or Tibetan.

A ``Message`` is a gettext msgid and the values that go into its ``{name}`` places. The screens
look the id up in their catalogs (screens/locale/{zh,bo}/LC_MESSAGES/kora.po, ``i18n.say``) in
the language the inspector chose. A value may itself be a Message (a duration inside a sentence).
Make a Message with the id written out, ``Message("error:disk_full")``: the catalog test finds the
ids by reading the code, as xgettext would, and fails on one missing in either language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, init=False)
class Message:
    id: str
    params: dict[str, Any] = field(default_factory=dict)

    def __init__(self, id: str, **params: Any) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "params", params)

    def __str__(self) -> str:
        """For logs: the id with its values, in no human language."""
        if not self.params:
            return self.id
        return f"{self.id}(" + ", ".join(f"{k}={v}" for k, v in self.params.items()) + ")"


def duration(seconds: float) -> Message:
    """A wait as the inspector reads it: whole seconds under a minute, else minutes (rounded up)."""
    whole = max(1, int(-(-seconds // 1)))
    if whole < 60:
        return Message("duration:seconds", count=whole)
    return Message("duration:minutes", count=-(-whole // 60))
