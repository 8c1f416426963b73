import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.urls import reverse

from allervers.pathways.coverage import step_coverage, territory_communes
from allervers.pathways.models import ActorRole, PathwayChange, Situation
from tests.factories import StructureFactory, coordinator, member, with_second_factor

pytestmark = pytest.mark.django_db


def urls(slug="violences-conjugales", step_pk=1):
    return [
        reverse("pathways:manage"),
        reverse("pathways:manage-situation", args=[slug]),
        reverse("pathways:manage-situation-edit", args=[slug]),
        reverse("pathways:manage-history", args=[slug]),
        reverse("pathways:manage-preview", args=[slug]),
        reverse("pathways:manage-step-create", args=[slug]),
        reverse("pathways:manage-coverage"),
        reverse("pathways:manage-competences"),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, pathways):
    for url in urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))


def test_a_member_of_a_structure_who_is_not_a_coordinator_is_refused(client, pathways):
    client.force_login(member(StructureFactory()))
    for url in urls():
        assert client.get(url).status_code == 403, url


def test_a_coordinator_reaches_every_page(client, pathways):
    with_second_factor(client, coordinator())  # the competence table's upload asks for it
    for url in urls():
        assert client.get(url).status_code == 200, url


def test_editing_a_situation_records_who_when_and_what(client, pathways):
    user = coordinator()
    client.force_login(user)
    situation = Situation.objects.get(slug="cyberharcelement")
    data = {
        "title": "Cyberharcèlement",
        "question_label": situation.question_label,
        "summary": situation.summary,
        "legal_summary": situation.legal_summary,
        "thematique": situation.thematique,
        "position": situation.position,
        "is_published": "on",
    }
    response = client.post(reverse("pathways:manage-situation-edit", args=["cyberharcelement"]), data)
    assert response.status_code == 302
    change = PathwayChange.objects.get()
    assert change.user == user
    assert change.user_label == "Coordinatrice CISPD"
    assert change.changes == [{"field": "Titre", "before": situation.title, "after": "Cyberharcèlement"}]
    assert Situation.objects.get(slug="cyberharcelement").edited_in_app
    history = client.get(reverse("pathways:manage-history", args=["cyberharcelement"])).content.decode()
    assert "Coordinatrice CISPD" in history
    assert "modification de la situation" in history


def test_adding_moving_and_deleting_steps_is_in_the_history(client, pathways):
    client.force_login(coordinator())
    situation = Situation.objects.get(slug="cyberharcelement")
    data = {
        "title": "Prévenir l'établissement scolaire",
        "urgency": "sans-danger",
        "audience": "tous",
        "role": ActorRole.objects.get(code="ccas").pk,
        "mission": "Le chef d'établissement met en œuvre le protocole de lutte contre le harcèlement.",
        "contact_mode": "appeler",
        "what_happens": "",
        "legal_note": "",
        "sources_text": "https://www.education.gouv.fr\nCode de l'éducation",
    }
    client.post(reverse("pathways:manage-step-create", args=[situation.slug]), data)
    step = situation.steps.get(title="Prévenir l'établissement scolaire")
    assert step.position == 5
    assert step.sources == ["https://www.education.gouv.fr", "Code de l'éducation"]
    client.post(reverse("pathways:manage-step-move", args=[situation.slug, step.pk, "monter"]))
    step.refresh_from_db()
    assert step.position == 4
    client.post(reverse("pathways:manage-step-delete", args=[situation.slug, step.pk]))
    actions = list(PathwayChange.objects.order_by("pk").values_list("action", flat=True))
    assert actions == [
        "ajout de l'étape « Prévenir l'établissement scolaire »",
        "déplacement de l'étape « Prévenir l'établissement scolaire »",
        "suppression de l'étape « Prévenir l'établissement scolaire »",
    ]


def test_an_invalid_source_address_is_refused(client, pathways):
    client.force_login(coordinator())
    data = {"title": "x", "urgency": "toujours", "audience": "tous", "role": ActorRole.objects.first().pk}
    data |= {"mission": "m", "contact_mode": "appeler", "sources_text": "https://"}
    response = client.post(reverse("pathways:manage-step-create", args=["cyberharcelement"]), data)
    assert "Adresse invalide" in response.content.decode()
    assert not PathwayChange.objects.exists()


def test_the_preview_resolves_the_steps_for_any_commune(client, demo):
    client.force_login(coordinator())
    url = reverse("pathways:manage-preview", args=["violences-conjugales"])
    html = client.get(url, {"commune": "Oyonnax"}).content.decode()
    assert "AVEMA 01" in html
    assert "Intervenants sociaux en commissariat" in html  # the ISG step names the department-level entry
    judge = reverse("pathways:manage-preview", args=["majeur-protege-en-danger"])
    # No judge in the competence table yet: the step names the department's court, without « compétent ».
    assert "tutelles et curatelles" in client.get(judge, {"commune": "Oyonnax"}).content.decode()
    lyon = client.get(url, {"commune": "69123"}).content.decode()
    assert "Pour Lyon" in lyon


def test_the_coverage_report_lists_the_communes_where_a_step_resolves_to_nothing(client, demo):
    client.force_login(coordinator(zone_codes=["01"]))
    html = client.get(reverse("pathways:manage-coverage")).content.decode()
    assert "Trous de couverture par étape" in html
    assert "<svg" in html and "<rect" in html
    assert "http" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org/2000/svg", "")
    assert "Oyonnax : couverte" in html or "Oyonnax : aucun contact" in html


def test_the_coverage_of_a_step_counts_the_department_level_actors(demo):
    communes = territory_communes(Q(department_id="01"))
    rows = {(r.step.situation.slug, r.step.role.code): r for r in step_coverage(communes)}
    # The judge is not in the competence table: the tribunal judiciaire's department-wide service answers.
    assert rows[("majeur-protege-en-danger", "juge-protection")].gaps == []
    assert rows[("enfant-en-danger", "crip")].gaps == []
    # The demo lists 12 CCAS; in every other commune the town hall (annuaire de l'administration) answers for it.
    assert rows[("violences-conjugales", "ccas")].gaps == []


def test_a_coordinator_imports_the_competence_table_from_the_web(client, demo):
    with_second_factor(client, coordinator())
    url = reverse("pathways:manage-competences")
    bad = SimpleUploadedFile("c.csv", b"competence,territoire,unite\ncrip,01,demo-ain:rien\n", content_type="text/csv")
    html = client.post(url, {"file": bad}).content.decode()
    assert "unité introuvable" in html
    good = SimpleUploadedFile(
        "c.csv", b"competence,territoire,unite\ncrip,01,demo-ain:crip-ain--informations-preoccupantes\n"
    )
    assert client.post(url, {"file": good}).status_code == 302
