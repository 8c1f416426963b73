"""A request body larger than the cap is refused with a French 413 before anything reads it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from allervers.directory.models import Structure

pytestmark = pytest.mark.django_db

JOIN = reverse("backoffice:join")


def test_a_body_declared_larger_than_the_cap_is_refused_unread(client, settings):
    declared = settings.ALLERVERS_MAX_REQUEST_BYTES + 1
    response = client.generic(
        "POST", JOIN, b"x", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=str(declared)
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "trop volumineuse : 25 Mo au plus" in response.content.decode()


def test_an_anonymous_upload_over_the_cap_is_refused_and_nothing_is_stored(client, settings):
    settings.ALLERVERS_MAX_REQUEST_BYTES = 4096
    upload = SimpleUploadedFile("gros.csv", b"a;b\n" * 2048, content_type="text/csv")
    response = client.post(
        JOIN, {"name": "Structure fictive", "file": upload}, headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert response.status_code == 413
    assert not Structure.objects.filter(name="Structure fictive").exists()


def test_a_form_under_the_cap_goes_through(client):
    response = client.post(JOIN, {"name": ""}, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 200  # the form, with its errors


def test_a_body_without_its_length_is_refused(client):
    response = client.generic("POST", JOIN, b"", HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 411
    assert "Content-Length" in response.content.decode()


def test_a_page_read_without_a_body_is_untouched(client):
    assert client.get(reverse("portal:home")).status_code == 200
