"""The coordinators' list (filters), the create and edit forms (a consistent end date), parties, and the list of a
structure's agreements on its page of the professional space."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from allervers.agreements.enums import LogAction, PartyRole
from allervers.agreements.models import Agreement
from tests.agreements.conftest import make_agreement, signed
from tests.factories import member

pytestmark = pytest.mark.django_db


def titles(response) -> str:
    return response.content.decode()


def test_the_list_filters_by_status_theme_and_ending_soon(client, setting):
    signed(setting.agreement, days_left=45)
    make_agreement(setting.association, title="Protocole fictif en projet", theme="aide-aux-victimes--depot-de-plainte")
    client.force_login(setting.coordinator)
    url = reverse("agreements:list")
    page = titles(client.get(url))
    assert "Convention fictive d&#x27;accueil" in page and "Protocole fictif en projet" in page
    assert "Protocole fictif" not in titles(client.get(url, {"statut": "signee"}))
    only_theme = titles(client.get(url, {"thematique": "aide-aux-victimes--depot-de-plainte"}))
    assert "Protocole fictif" in only_theme and "Convention fictive" not in only_theme
    ending = titles(client.get(url, {"echeance": "90"}))
    assert "Convention fictive" in ending and "Protocole fictif" not in ending


def test_a_member_lists_only_the_agreements_of_their_structures(client, setting):
    make_agreement(setting.outsider, title="Convention fictive d'Oyonnax")
    client.force_login(member(setting.association))
    page = titles(client.get(reverse("agreements:list")))
    assert "Convention fictive d&#x27;accueil" in page and "Oyonnax" not in page
    assert "Nouvelle convention" not in page
    assert client.get(reverse("agreements:create")).status_code == 403


def test_the_coordinator_creates_an_agreement_and_adds_its_parties(client, setting):
    client.force_login(setting.coordinator)
    response = client.post(
        reverse("agreements:create"),
        {
            "kind": "protocole",
            "title": "Protocole fictif de prise de plainte",
            "purpose": "Objet fictif.",
            "theme": "aide-aux-victimes--depot-de-plainte",
            "department": "01",
            "duration_months": "24",
            "renewal": "expresse",
            "responsible": setting.coordinator.pk,
        },
    )
    agreement = Agreement.objects.get(title="Protocole fictif de prise de plainte")
    assert response.status_code == 302 and agreement.status == "en-projet"
    assert agreement.log.get().action == LogAction.CREATE
    add = reverse("agreements:party-add", args=[agreement.pk])
    client.post(add, {"structure": setting.hospital.pk, "role": "signataire", "role_label": "établissement"})
    client.post(add, {"name": "Organisme fictif hors annuaire", "role": "financeur"})
    refused = client.post(add, {"role": "partenaire"}, follow=True)
    assert "Choisissez une structure de l&#x27;annuaire ou écrivez le nom" in refused.content.decode()
    assert [(p.label, p.role) for p in agreement.parties.all()] == [
        ("Service hospitalier fictif", PartyRole.SIGNATORY),
        ("Organisme fictif hors annuaire", PartyRole.FUNDER),
    ]


def test_an_end_date_that_contradicts_the_duration_is_refused_in_french(client, setting):
    agreement = setting.agreement
    agreement.sign(by=None, signed_on=datetime.date(2025, 3, 1))
    client.force_login(setting.coordinator)
    data = {
        "kind": "convention",
        "title": agreement.title,
        "purpose": agreement.purpose,
        "department": "01",
        "duration_months": "36",
        "end_date": "2027-12-31",
        "renewal": "aucune",
    }
    response = client.post(reverse("agreements:edit", args=[agreement.pk]), data)
    assert response.status_code == 200
    assert "l&#x27;échéance est le 29/02/2028" in response.content.decode()
    data["end_date"] = ""
    assert client.post(reverse("agreements:edit", args=[agreement.pk]), data).status_code == 302
    agreement.refresh_from_db()
    assert agreement.end_date == datetime.date(2028, 2, 29)


def test_the_structure_page_lists_its_agreements(client, setting):
    make_agreement(setting.outsider, title="Convention fictive d'Oyonnax")
    client.force_login(member(setting.hospital))
    response = client.get(reverse("backoffice:structure", args=[setting.hospital.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Conventions et protocoles dont Service hospitalier fictif est partie" in page
    assert "Convention fictive d&#x27;accueil des victimes" in page
    assert reverse("agreements:detail", args=[setting.agreement.pk]) in page
    assert "Oyonnax" not in page.split("Conventions et protocoles dont")[1]


def test_the_coordinators_pages_render_for_a_signed_agreement_with_its_document(client, setting):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.agreements.conftest import pdf_bytes

    signed(setting.agreement, days_left=45, duration=36)
    client.force_login(setting.coordinator)
    client.post(
        reverse("agreements:upload", args=[setting.agreement.pk]),
        {"document": SimpleUploadedFile("c.pdf", pdf_bytes(), content_type="application/pdf")},
    )
    page = client.get(reverse("agreements:detail", args=[setting.agreement.pk])).content.decode()
    assert "Échéance dans 45 jours" in page
    assert "Reconduire pour 36 mois" in page and "Enregistrer la dénonciation" in page
    assert reverse("agreements:download", args=[setting.agreement.pk]) in page
    for name in ("edit", "upload"):
        assert client.get(reverse(f"agreements:{name}", args=[setting.agreement.pk])).status_code == 200
    assert client.get(reverse("agreements:create")).status_code == 200


def test_the_list_costs_the_same_queries_for_one_or_many_agreements(client, setting):
    client.force_login(setting.coordinator)
    url = reverse("agreements:list")
    client.get(url)  # warm the session and the user's scope

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for n in range(8):
        make_agreement(setting.association, setting.hospital, setting.outsider, title=f"Convention fictive {n}")
    assert count() == few
