"""The public page of a published plan shows each fiche with its sub-actions under it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_public_page_lists_sub_actions_under_their_parent(client, small_plan):
    small_plan.plan.publish()
    page = client.get(reverse("plan:public", args=[small_plan.plan.pk])).content.decode()
    positions = [page.index(text) for text in ("Fiche parente", "Sous-action A", "Sous-action B", "Fiche seule")]
    assert positions == sorted(positions)
    assert "Sous-action 1.1.1.1 : Sous-action A" in page
    assert "Fiche action 1.1.2 : Fiche seule" in page
