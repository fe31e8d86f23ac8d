"""Who may see content exempt from public access, and which documents are exempt."""

from django.db.models import Q


def user_sees_exempt(user):
    """Editors (anyone with access to the Wagtail admin) see exempt content."""
    return bool(user and user.is_authenticated and user.has_perm("wagtailadmin.access_admin"))


def document_is_exempt(document):
    """True when the document is an exempt attachment, or attached to an exempt case."""
    from .models import CaseAttachment

    return CaseAttachment.objects.filter(
        Q(exempt=True) | Q(page__exempt=True), document_id=document.pk
    ).exists()
