"""print-support and load-campaigns-demo from the command line."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from allervers.campaigns.models import Campaign, Distribution, Sponsor
from allervers.territories.models import Commune

pytestmark = pytest.mark.django_db


def test_it_writes_the_pdf_of_a_commune(campaign, helplines, tmp_path):
    output = tmp_path / "carte.pdf"
    out = io.StringIO()
    call_command(
        "print-support", campaign="vif-test", territory="01283", support="carte", output=str(output), stdout=out
    )
    assert "Oyonnax" in out.getvalue()
    assert "3919" in PdfReader(output).pages[0].extract_text()


def test_it_writes_one_pdf_per_commune_of_an_epci_in_a_zip(campaign, helplines, tmp_path):
    output = tmp_path / "haut-bugey.zip"
    call_command(
        "print-support",
        campaign="vif-test",
        territory="200042935",
        support="carte",
        output=str(output),
        stdout=io.StringIO(),
    )
    names = zipfile.ZipFile(output).namelist()
    assert len(names) == Commune.objects.current().filter(epci_id="200042935").count()
    assert "01283-oyonnax-carte.pdf" in names


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"campaign": "inconnue"}, "Aucune campagne"),
        ({"support": "banderole"}, "Support inconnu"),
        ({"territory": "99999"}, "Territoire inconnu"),
        ({"output": "/dossier/absent/x.pdf"}, "n'existe pas"),
    ],
)
def test_bad_input_is_a_french_message_and_no_file(campaign, tmp_path, options, message):
    arguments = {"campaign": "vif-test", "territory": "01283", "support": "carte", "output": str(tmp_path / "x.pdf")}
    with pytest.raises(CommandError, match=message):
        call_command("print-support", **(arguments | options))
    assert not list(tmp_path.iterdir())


def test_the_demo_loads_twice_without_duplicates():
    for _ in range(2):
        call_command("load-campaigns-demo", stdout=io.StringIO())
    campaign = Campaign.objects.get()
    assert campaign.title == "Violences intrafamiliales : parlons-en"
    assert Sponsor.objects.count() == 6 and all(s.is_demo and "démonstration" in s.name for s in Sponsor.objects.all())
    communes = set(Distribution.objects.values_list("shop__commune__name", flat=True))
    assert communes == {"Oyonnax", "Belley"}


def test_it_refuses_a_territory_outside_the_campaigns_in_french(campaign, tmp_path):
    output = tmp_path / "annecy.pdf"
    with pytest.raises(CommandError, match="pas dans le territoire de la campagne"):
        call_command("print-support", campaign="vif-test", territory="74010", support="carte", output=str(output))
    assert not output.exists()
