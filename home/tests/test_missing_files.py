"""A document or image whose file is gone from storage (a restore without its media, a disk
mistake) never gives a 500: a download is a Norwegian 404 page and an error in the log, and the
pages that show it still render."""

import logging

import pytest
from django.core.files.base import ContentFile
from wagtail.images import get_image_model

from cms.models import SiteSettings
from plans.models import PlanPage


def png_bytes():
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (96, 96), (0, 80, 140)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def plan(module_demo_site, db):
    return PlanPage.objects.live().get(slug="kompetanseplan-helse-og-omsorgsavdelingen-2024-2027")


@pytest.fixture
def lost_file():
    """Removes a file from storage for one test and puts it back afterwards."""
    lost = []

    def lose(field):
        lost.append((field.storage, field.name, field.storage.open(field.name).read()))
        field.storage.delete(field.name)

    yield lose
    for storage, name, content in lost:
        storage.save(name, ContentFile(content))


def test_a_document_without_its_file_is_a_norwegian_404(plan, client, lost_file, caplog):
    document = plan.full_document
    assert client.get(document.url).status_code == 200
    lost_file(document.file)

    with caplog.at_level(logging.ERROR, logger="cms"):
        response = client.get(document.url)

    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Fant ikke dokumentet</h1>" in html
    assert f"Filen til dokumentet «{document.title}» mangler" in html
    assert any(
        record.levelno == logging.ERROR and document.file.name in record.getMessage()
        for record in caplog.records
    )
    # The plan that links it still renders, with the link.
    page = client.get(plan.url)
    assert page.status_code == 200
    assert document.url in page.content.decode()


def test_a_closed_document_without_its_file_stays_closed(plan, client, lost_file):
    """The access check comes first: a missing file does not tell who may not see it more."""
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="Upublisert notat", file=ContentFile(b"%PDF-1.4 notat", name="notat.pdf")
    )
    lost_file(document.file)
    assert client.get(document.url).status_code == 403


def test_a_logo_whose_original_is_missing_still_renders_the_page(
    module_demo_site, db, client, lost_file
):
    image = get_image_model().objects.create(
        title="Kommunevåpen", file=ContentFile(png_bytes(), name="vapen.png")
    )
    settings = SiteSettings.for_site(module_demo_site.get_site())
    settings.logo = image
    settings.save()
    lost_file(image.file)

    response = client.get("/")
    assert response.status_code == 200
    assert 'class="site-header__logo"' in response.content.decode()


def test_a_document_missing_from_remote_storage_is_a_404_too(plan, client, settings):
    """Storage without local paths (S3 through django-storages) streams the file itself."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    document = plan.full_document
    response = client.get(document.url)
    assert response.status_code == 404
    assert "Fant ikke dokumentet" in response.content.decode()
