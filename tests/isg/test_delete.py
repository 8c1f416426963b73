"""A coordinator deletes a post typed by mistake or given up: a confirmation page lists its fundings, deleted with
it, and its directory service goes too; a filled post, or one whose service has received hand-overs or is named by
a pathway, cannot be deleted (the page says why and offers to declare it vacant). The deletion is kept in the site's
history. Anyone else gets a 404 and nothing is deleted."""

from __future__ import annotations

from html import unescape

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.urls import reverse
from django.utils import timezone

from allervers.common.exceptions import TransitionError
from allervers.directory.models import Service
from allervers.isg.enums import FunderKind
from allervers.isg.models import Funding, IsgPost
from allervers.network.models import MobileUnit
from allervers.pathways.models import CompetenceArea
from tests.factories import StructureFactory, commune, coordinator, member
from tests.referrals.conftest import KEY, with_second_factor

pytestmark = pytest.mark.django_db


def delete_url(post: IsgPost) -> str:
    return reverse("isg:post-delete", args=[post.pk])


def test_a_coordinator_deletes_a_post_with_its_fundings_after_confirming(client, known):
    watcher = coordinator(("01",))
    client.force_login(watcher)
    post, service_pk = known.oyonnax, known.oyonnax.service.pk
    Funding.objects.create(post=post, year=2027, funder_kind=FunderKind.STATE, amount=12000, share=40)
    Funding.objects.create(post=post, year=2027, funder_kind=FunderKind.DEPARTMENT, share=30)
    assert f'href="{delete_url(post)}"' in client.get(reverse("isg:post", args=[post.pk])).content.decode()
    page = client.get(delete_url(post)).content.decode()
    assert "Les 2 financements du poste sont supprimés avec lui" in page
    assert "2027 — État (FIPD), 12\u202f000 €, 40 %" in page
    assert "Supprimer le poste et ses financements" in page
    response = client.post(delete_url(post), follow=True)
    assert response.redirect_chain[-1][0] == reverse("isg:dashboard")
    assert f"Le poste « {post.name} » est supprimé, avec ses 2 financement(s)." in unescape(response.content.decode())
    assert not IsgPost.objects.filter(pk=post.pk).exists()
    assert not Funding.objects.filter(post_id=post.pk).exists()
    assert not Service.objects.filter(pk=service_pk).exists()
    entry = LogEntry.objects.get(object_id=str(post.pk), content_type__model="isgpost")
    assert (entry.action_flag, entry.user_id, entry.object_repr) == (DELETION, watcher.pk, post.name)
    assert "2 financement(s)" in entry.change_message


def test_a_filled_post_cannot_be_deleted_until_declared_vacant(client, known):
    client.force_login(coordinator(("01",)))
    page = client.get(delete_url(known.belley)).content.decode()
    assert "Ce poste ne peut pas être supprimé" in page and "Le poste est pourvu" in page
    assert "Supprimer le poste</button>" not in page
    assert client.post(delete_url(known.belley)).status_code == 409
    assert IsgPost.objects.filter(pk=known.belley.pk).exists()
    known.belley.vacate()
    assert client.post(delete_url(known.belley)).status_code == 302
    assert not IsgPost.objects.filter(pk=known.belley.pk).exists()


def hand_over(client, post: IsgPost, settings) -> None:
    """A CCAS professional hands a person over to the post's service, through the hand-over form."""
    settings.ALLERVERS_REFERRAL_KEYS = [KEY]
    member(post.host, email="isg@example.org")
    ccas = StructureFactory(name="CCAS fictif", commune=commune("01249"))
    sender = member(ccas, email="ccas@example.org")
    with_second_factor(client, sender)
    response = client.post(
        reverse("referrals:create") + f"?service={post.service.pk}",
        {
            "sender_structure": ccas.pk,
            "situation": "aide-aux-victimes--violences-conjugales",
            "urgency": "normal",
            "legal_basis": "consent",
            "consent_method": "oral",
            "consent_given_on": timezone.localdate().isoformat(),
            "person_name": "Personne Fictive",
            "contact_safe": "06 00 00 00 01",
            "summary": "Demande un accompagnement.",
        },
    )
    assert response.status_code == 302
    client.logout()


def test_a_post_whose_service_received_hand_overs_cannot_be_deleted(client, known, settings):
    hand_over(client, known.miribel, settings)
    known.miribel.vacate()
    client.force_login(coordinator(("01",)))
    page = client.get(delete_url(known.miribel)).content.decode()
    assert "Des mises en relation ont été adressées à son service" in page
    assert "déclarez-le vacant" in page
    assert client.post(delete_url(known.miribel)).status_code == 409
    assert IsgPost.objects.filter(pk=known.miribel.pk).exists()
    with pytest.raises(TransitionError):
        known.miribel.delete_with_service()


def test_a_post_named_by_a_pathway_or_brought_by_a_unit_cannot_be_deleted(known):
    CompetenceArea.objects.create(kind="forces-de-l-ordre", zone_code="01283", service=known.oyonnax.service)
    assert known.oyonnax.deletion_blockers() == [
        "un circuit désigne son service comme unité compétente d'un territoire"
    ]
    CompetenceArea.objects.all().delete()
    unit = MobileUnit.objects.create(name="Bus fictif", slug="bus-fictif-isg", structure=known.oyonnax.host)
    unit.services.add(known.oyonnax.service)
    assert known.oyonnax.deletion_blockers() == ["une unité mobile apporte son service"]
    unit.services.clear()
    assert known.oyonnax.deletion_blockers() == []


def test_someone_else_gets_a_404_and_nothing_is_deleted(client, known):
    for user in (member(known.bourg_host), coordinator(("01004",))):
        client.force_login(user)
        assert client.get(delete_url(known.oyonnax)).status_code == 404
        assert client.post(delete_url(known.oyonnax)).status_code == 404
    assert IsgPost.objects.filter(pk=known.oyonnax.pk).exists()
    client.logout()
    assert client.post(delete_url(known.oyonnax)).status_code == 302  # to the login page
    assert IsgPost.objects.filter(pk=known.oyonnax.pk).exists()
