import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file


@pytest.mark.django_db
def test_uploaded_images_are_served_but_documents_only_through_their_view(client):
    image = get_image_model().objects.create(title="Rådhuset", file=get_test_image_file())
    document = get_document_model()(title="Vedlegg")
    document.file.save("vedlegg.pdf", ContentFile(b"%PDF-1.4 test"), save=True)

    assert client.get(image.file.url).status_code == 200
    # A direct file address would bypass the access rules of /dokumenter/ (exempt attachments).
    assert document.file.url.startswith("/media/documents/")
    assert client.get(document.file.url).status_code == 404
    # Through its view a document is public only once a live, public page uses it (issue 9):
    # an upload that nothing uses yet is closed to visitors.
    assert client.get(document.url).status_code == 403
