"""Admin registration: the Person snippet, the section's roles, and closed documents.

Documents follow `meetings.permissions`: a document that is not public (exempt, or not used
by any published page yet) is served, listed in the document chooser and the admin API only
to users who may work with it; a page never published is left out of the page chooser for
users who may not edit it.
"""

from django.http import HttpResponseForbidden
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Person
from .permissions import hidden_document_ids, hidden_page_ids, user_may_download
from .roles import setup_meeting_roles
from .views import case_summary


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = gettext_lazy("Personer")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "title", "unit", "phone", "email"]
    list_filter = ["unit"]


register_snippet(PersonViewSet)
hooks.register("setup_roles", setup_meeting_roles)


@hooks.register("before_serve_document")
def refuse_closed_documents(document, request):
    """A document that is not public is served only to users who may work with it."""
    if user_may_download(request.user, document):
        return None
    return HttpResponseForbidden(
        _("Dokumentet er ikke offentlig."), content_type="text/plain; charset=utf-8"
    )


@hooks.register("construct_document_chooser_queryset")
def hide_closed_documents_in_chooser(documents, request):
    return documents.exclude(pk__in=hidden_document_ids(request.user))


@hooks.register("construct_page_chooser_queryset")
def hide_unpublished_pages_in_chooser(pages, request):
    return pages.exclude(pk__in=hidden_page_ids(request.user, pages))


class ScopedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    """The admin API's documents, without those the user may not see."""

    def get_queryset(self):
        documents = super().get_queryset()
        return documents.exclude(pk__in=hidden_document_ids(self.request.user))


@hooks.register("construct_admin_api", order=100)
def scope_admin_api_documents(router):
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


@hooks.register("register_admin_urls")
def register_case_summary_url():
    return [path("meetings/case/<int:pk>/summary/", case_summary, name="meetings_case_summary")]


@hooks.register("insert_editor_js")
def agenda_item_case_js():
    """Fills an agenda item's title and number when a case is chosen (no inline script)."""
    return format_html(
        '<script src="{}" data-case-summary-url="{}"></script>',
        static("js/agenda-item-case.js"),
        reverse("meetings_case_summary", args=[0]),
    )


@hooks.register("insert_global_admin_css")
def narrow_editor_css():
    """Rows of fields fit a phone's width in the admin's edit forms."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/editor.css"))
