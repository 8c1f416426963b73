"""The signed document: a real PDF of at most the configured size, stored outside any public URL, downloaded by
the parties' members and the coordination only; a refused upload writes nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from allervers.agreements.enums import LogAction
from allervers.agreements.models import Agreement
from tests.agreements.conftest import pdf_bytes, png_bytes
from tests.factories import coordinator, member

pytestmark = pytest.mark.django_db


def upload(client, agreement, content: bytes, name: str = "convention-signee.pdf"):
    url = reverse("agreements:upload", args=[agreement.pk])
    return client.post(url, {"document": SimpleUploadedFile(name, content, content_type="application/pdf")})


def files_in(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def test_the_coordinator_uploads_a_pdf_stored_privately(client, setting, private_dir):
    client.force_login(setting.coordinator)
    content = pdf_bytes()
    response = upload(client, setting.agreement, content)
    assert response.status_code == 302
    agreement = Agreement.objects.get(pk=setting.agreement.pk)
    stored = files_in(private_dir)
    assert len(stored) == 1 and stored[0].read_bytes() == content
    # Named by a random id, not by the user's file name; no URL to reach it around the view.
    assert "convention-signee" not in stored[0].name
    with pytest.raises(ValueError):
        agreement.document.url
    assert agreement.log.filter(action=LogAction.DOCUMENT).exists()


def test_a_new_upload_replaces_and_erases_the_previous_file(client, setting, private_dir):
    client.force_login(setting.coordinator)
    upload(client, setting.agreement, pdf_bytes())
    upload(client, setting.agreement, pdf_bytes() + b"\n% second version\n")
    stored = files_in(private_dir)
    assert len(stored) == 1 and stored[0].read_bytes().endswith(b"% second version\n")


def test_an_image_renamed_pdf_is_refused_in_french_and_nothing_is_written(client, setting, private_dir):
    client.force_login(setting.coordinator)
    response = upload(client, setting.agreement, png_bytes(), name="scan.pdf")
    assert response.status_code == 400
    assert "Ce fichier n&#x27;est pas un PDF" in response.content.decode()
    assert files_in(private_dir) == []
    agreement = Agreement.objects.get(pk=setting.agreement.pk)
    assert not agreement.document and not agreement.log.exists()


def test_a_pdf_without_the_pdf_extension_is_refused(client, setting, private_dir):
    client.force_login(setting.coordinator)
    response = upload(client, setting.agreement, pdf_bytes(), name="convention.docx")
    assert response.status_code == 400
    assert "extension .pdf" in response.content.decode()
    assert files_in(private_dir) == []


def test_a_document_above_the_limit_is_refused_and_nothing_is_written(client, setting, private_dir, settings):
    settings.ALLERVERS_AGREEMENTS_MAX_MB = 1
    client.force_login(setting.coordinator)
    heavy = pdf_bytes() + b"%" + b"0" * (1024 * 1024)
    response = upload(client, setting.agreement, heavy)
    assert response.status_code == 400
    assert "Le document dépasse 1 Mo" in response.content.decode()
    assert files_in(private_dir) == []
    assert not Agreement.objects.get(pk=setting.agreement.pk).document


def test_a_member_of_a_party_may_not_upload(client, setting, private_dir):
    client.force_login(member(setting.hospital))
    assert upload(client, setting.agreement, pdf_bytes()).status_code == 403
    assert files_in(private_dir) == []


@pytest.fixture
def with_document(client, setting):
    client.force_login(setting.coordinator)
    content = pdf_bytes()
    upload(client, setting.agreement, content)
    client.logout()
    return content


def test_anonymous_visitors_are_sent_to_the_login_page(client, setting, with_document):
    response = client.get(reverse("agreements:download", args=[setting.agreement.pk]))
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_a_member_of_another_structure_or_a_coordinator_elsewhere_gets_a_404(client, setting, with_document):
    for user in (member(setting.outsider), coordinator(("74",))):
        client.force_login(user)
        assert client.get(reverse("agreements:download", args=[setting.agreement.pk])).status_code == 404


def test_a_member_of_a_party_downloads_the_document_and_it_is_logged(client, setting, with_document):
    reader = member(setting.hospital, job_title="Cadre de santé")
    client.force_login(reader)
    response = client.get(reverse("agreements:download", args=[setting.agreement.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == with_document
    entry = setting.agreement.log.get(action=LogAction.DOWNLOAD)
    assert entry.user_id == reader.pk


def test_without_a_document_the_download_is_a_404(client, setting):
    client.force_login(setting.coordinator)
    assert client.get(reverse("agreements:download", args=[setting.agreement.pk])).status_code == 404
