"""data·inclusion's quality score of our services: the one its package computes on the service as we publish it."""

import datetime

import pytest
from data_inclusion.schema import v1 as di
from data_inclusion.schema.v1.score_qualite import score
from django.utils import timezone

from allervers.directory.exports.datainclusion import export_datainclusion
from allervers.directory.models import Service
from allervers.directory.quality import service_score, structure_score
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

LONG = "Accueil, écoute et accompagnement des victimes, sur rendez-vous, par une juriste et une psychologue. " * 3


@pytest.fixture
def services():
    return [
        ServiceFactory(
            name="Complet",
            description=LONG,
            address="1 rue Fictive",
            phone="+33474000000",
            modes_mobilisation=["telephoner", "se-presenter"],
            mobilisable_par=["usagers"],
        ),
        ServiceFactory(name="Court", description="Court", frais="payant", thematiques=[]),
        ServiceFactory(name="Sans description", description="", frais="", publics=[]),
        ServiceFactory(
            name="Confidentiel",
            description=LONG,
            address="2 rue Secrète",
            address_confidential=True,
            modes_mobilisation=["se-presenter"],
        ),
        ServiceFactory(
            name="Payant précisé",
            frais="payant",
            frais_precisions="10 € la séance",
            email="a@example.org",
            modes_mobilisation=["envoyer-un-courriel"],
        ),
        ServiceFactory(name="Ligne", helpline=True, lien_mobilisation="https://example.org/tchat"),
        ServiceFactory(name="Importé", source="france-travail", source_id="x"),
    ]


def test_it_is_the_score_data_inclusions_package_computes_on_the_published_service(services):
    published = {row["nom"]: row for row in export_datainclusion()["services"]}
    for service in Service.objects.all():
        expected, _ = score(di.Service.model_validate(published[service.name]))
        assert service_score(service) == expected, service.name


def test_a_more_complete_service_scores_higher(services):
    by_name = {service.name: service_score(service) for service in Service.objects.all()}
    assert by_name["Complet"] > by_name["Court"] > 0
    assert by_name["Complet"] > by_name["Confidentiel"]  # a confidential address is published as none


def test_an_old_update_lowers_the_score():
    service = ServiceFactory(description=LONG)
    fresh = service_score(service)
    Service.objects.filter(pk=service.pk).update(updated_at=timezone.now() - datetime.timedelta(days=3 * 365))
    assert service_score(Service.objects.get(pk=service.pk)) < fresh


def test_a_structure_scores_the_mean_of_its_services_and_zero_without_one():
    assert structure_score([0.5, 0.9]) == 0.7
    assert structure_score([]) == 0.0
