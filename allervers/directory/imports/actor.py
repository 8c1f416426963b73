"""Who runs an import, and what they may create or change: exactly what the edit pages let them edit.

The directory does not know users: the face that runs the import (the coordinator's page, the command) builds the
actor from the same rules as its scoped querysets, and the writer asks it about every structure a file touches.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from allervers.directory.enums import ChangeOrigin


@dataclass(frozen=True)
class ImportActor:
    """`everywhere`: the whole directory (the server's operator, or a coordinator of France).

    Otherwise a structure may be changed when it is one of `structure_ids` (the user's memberships) or its
    commune is one of `commune_ids` (the communes the coordinator's scope covers), and created only in one of
    those communes: the rule of the edit pages (a structure without a commune, such as a national line, is
    outside every territory but France).
    """

    label: str
    origin: str
    user_id: int | None = None
    everywhere: bool = False
    territory: str = ""
    commune_ids: frozenset[int] = field(default_factory=frozenset)
    structure_ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def command(cls) -> ImportActor:
        return cls(label="commande import-directory", origin=ChangeOrigin.COMMAND, everywhere=True)

    def may_change(self, structure_pk: int | None, commune_id: int | None) -> bool:
        if self.everywhere or (structure_pk is not None and structure_pk in self.structure_ids):
            return True
        return commune_id is not None and commune_id in self.commune_ids

    def may_create(self, commune_id: int | None) -> bool:
        return self.everywhere or (commune_id is not None and commune_id in self.commune_ids)
