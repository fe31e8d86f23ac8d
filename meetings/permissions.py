"""Who may see content exempt from public access, and which documents are exempt."""

from .models import CaseAttachment


def user_sees_exempt(user):
    """Editors (anyone with access to the Wagtail admin) see exempt content."""
    return bool(user and user.is_authenticated and user.has_perm("wagtailadmin.access_admin"))


def document_is_exempt(document):
    """True when the document is an exempt attachment, or attached to an exempt case."""
    return CaseAttachment.objects.exempt_for_public().filter(document_id=document.pk).exists()
