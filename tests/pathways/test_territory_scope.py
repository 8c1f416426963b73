"""Pathways and the competence table belong to a territory: its coordinators change them, the others read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from allervers.pathways.models import CompetenceArea, CompetenceUpload, Situation, Step
from tests.factories import coordinator, with_second_factor

pytestmark = pytest.mark.django_db

SLUG = "violences-conjugales"


def test_the_seed_pathways_belong_to_the_deployment_department(pathways):
    assert set(Situation.objects.values_list("territory", flat=True)) == {"01"}


def test_a_coordinator_of_another_department_reads_but_cannot_edit_the_ains_pathways(client, pathways):
    client.force_login(coordinator(zone_codes=["74"]))
    situation = Situation.objects.get(slug=SLUG)
    step = situation.ordered_steps()[0]
    page = client.get(reverse("pathways:manage-situation", args=[SLUG]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "appartient à un autre territoire" in html
    assert reverse("pathways:manage-situation-edit", args=[SLUG]) not in html
    edit = client.post(
        reverse("pathways:manage-situation-edit", args=[SLUG]),
        {"title": "Réécrit", "question_label": "x", "summary": "x", "position": 1},
    )
    assert edit.status_code == 403
    assert client.post(reverse("pathways:manage-step-delete", args=[SLUG, step.pk])).status_code == 403
    assert client.post(reverse("pathways:manage-step-move", args=[SLUG, step.pk, "descendre"])).status_code == 403
    assert client.get(reverse("pathways:manage-step-create", args=[SLUG])).status_code == 403
    situation.refresh_from_db()
    assert situation.title != "Réécrit" and Step.objects.filter(pk=step.pk).exists()
    assert not situation.changes.exists()


def test_an_epci_coordinator_does_not_edit_the_departments_pathways(client, pathways):
    client.force_login(coordinator(zone_codes=["200042935"]))  # Haut-Bugey Agglomération, inside the Ain
    step = Situation.objects.get(slug=SLUG).ordered_steps()[0]
    assert client.post(reverse("pathways:manage-step-delete", args=[SLUG, step.pk])).status_code == 403


def test_the_departments_coordinator_and_a_regional_one_edit_them(client, pathways):
    step = Situation.objects.get(slug=SLUG).ordered_steps()[0]
    client.force_login(coordinator(zone_codes=["01"]))
    assert client.post(reverse("pathways:manage-step-move", args=[SLUG, step.pk, "descendre"])).status_code == 302
    client.force_login(coordinator(zone_codes=["R84"], email="region@example.org"))
    assert client.post(reverse("pathways:manage-step-move", args=[SLUG, step.pk, "monter"])).status_code == 302


def test_a_new_situation_belongs_to_its_authors_territory(client, pathways):
    client.force_login(coordinator(zone_codes=["74"]))
    data = {"title": "Situation fictive", "question_label": "Une situation", "summary": "Résumé.", "position": 9}
    response = client.post(reverse("pathways:manage-situation-create"), data)
    assert response.status_code == 302
    assert Situation.objects.get(title="Situation fictive").territory == "74"


def upload(text, name="competences.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


UNIT = "demo-ain:crip-ain--informations-preoccupantes"


def test_the_competence_upload_refuses_rows_outside_the_territory_and_replaces_only_its_own(client, demo):
    ain_rows = CompetenceArea.objects.filter(kind="crip").count()
    assert ain_rows > 0
    with_second_factor(client, coordinator(zone_codes=["74"]))
    url = reverse("pathways:manage-competences")
    html = client.post(url, {"file": upload(f"competence,territoire,unite\ncrip,01,{UNIT}\n")}).content.decode()
    assert "ligne 2 : le territoire « 01 » est hors de votre territoire" in html
    assert CompetenceArea.objects.filter(kind="crip").count() == ain_rows

    response = client.post(url, {"file": upload(f"competence,territoire,unite\ncrip,74,{UNIT}\n")})
    assert response.status_code == 302
    assert CompetenceArea.objects.filter(kind="crip").count() == ain_rows + 1
    record = CompetenceUpload.objects.filter(user__isnull=False).get()
    assert record.file_name == "competences.csv" and record.rows == 1 and record.removed == 0


def test_the_competence_upload_asks_for_the_second_factor(client, demo):
    client.force_login(coordinator(zone_codes=["01"]))
    response = client.get(reverse("pathways:manage-competences"))
    assert response.status_code == 302 and "/compte/" in response["Location"]


@pytest.mark.parametrize(
    "content",
    [
        b"competence,territoire,unite\ncrip,01,\x81\xff\n",
        b"competence,territoire,unite\ncrip,01,demo-ain:x\x00y\n",
        b'competence,territoire,unite\ncrip,01,"' + b"a" * 200_000 + b'"\n',
    ],
    ids=["not-utf8", "nul-byte", "huge-field"],
)
def test_a_malformed_competence_file_gets_a_french_message_and_writes_nothing(client, demo, content):
    before = CompetenceArea.objects.count()
    with_second_factor(client, coordinator(zone_codes=["01"]))
    file = SimpleUploadedFile("c.csv", content, content_type="text/csv")
    response = client.post(reverse("pathways:manage-competences"), {"file": file})
    assert response.status_code == 200
    assert "Import refusé, rien n'a été écrit" in response.content.decode()
    assert CompetenceArea.objects.count() == before
