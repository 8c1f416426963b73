"""A known data set on the shipped COG (2025): two filled posts, one vacant, one planned.

- filled, gendarmerie company at Miribel: the six communes of the CC de Miribel et du Plateau (23,839 inhabitants);
- filled, brigade at Belley: Anglefort (1,115 inhabitants), one of the three Ain communes of the CC Usses et Rhône
  (3,378 inhabitants in the Ain; the EPCI straddles the Haute-Savoie);
- vacant, police station of Bourg-en-Bresse: Bourg-en-Bresse (covers nothing while vacant);
- planned, Oyonnax: Oyonnax (covers nothing either).
The Ain has 391 communes and 643,350 inhabitants in that COG.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from allervers.directory.models import Structure
from allervers.isg.enums import HostLevel, PostKind, PostStatus
from allervers.isg.models import IsgPost
from allervers.taxonomy.structure_types import StructureType
from tests.factories import StructureFactory, commune

MIRIBEL_EPCI = "240100800"
USSES_EPCI = "200070852"


@dataclass
class Known:
    miribel_host: Structure
    belley_host: Structure
    bourg_host: Structure
    miribel: IsgPost
    belley: IsgPost
    bourg: IsgPost
    oyonnax: IsgPost


def make_post(host: Structure, codes: list[str], status: str = PostStatus.FILLED, **extra: object) -> IsgPost:
    fields = {
        "name": f"Intervenant social fictif — {host.name}",
        "kind": PostKind.GENDARMERIE,
        "host_level": HostLevel.BRIGADE,
        "status": status,
        **extra,
    }
    return IsgPost.create(host=host, zone_codes=codes, **fields)


def unit(name: str, code: str, kind: str = StructureType.GENDARMERIE) -> Structure:
    return StructureFactory(name=name, commune=commune(code), structure_type=kind)


@pytest.fixture
def known(db) -> Known:
    miribel_host = unit("Compagnie de gendarmerie fictive de Miribel", "01249")
    belley_host = unit("Brigade fictive de Belley", "01034")
    bourg_host = unit("Commissariat fictif de Bourg-en-Bresse", "01053", StructureType.POLICE)
    oyonnax_host = unit("Brigade fictive d'Oyonnax", "01283")
    return Known(
        miribel_host,
        belley_host,
        bourg_host,
        make_post(miribel_host, [MIRIBEL_EPCI], host_level=HostLevel.COMPANY),
        make_post(belley_host, ["01010"]),
        make_post(bourg_host, ["01053"], PostStatus.VACANT, kind=PostKind.POLICE, host_level=HostLevel.POLICE_STATION),
        make_post(oyonnax_host, ["01283"], PostStatus.PLANNED),
    )
