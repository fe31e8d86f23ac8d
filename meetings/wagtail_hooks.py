"""Admin registration: the Person snippet, the section's roles, and closed exempt attachments."""

from django.http import HttpResponseForbidden
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Person
from .permissions import document_is_exempt, user_sees_exempt
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
def refuse_exempt_documents(document, request):
    """An attachment exempt from public access is served to editors only."""
    if user_sees_exempt(request.user):
        return None
    if document_is_exempt(document):
        return HttpResponseForbidden(
            _("Dokumentet er unntatt offentlighet."), content_type="text/plain; charset=utf-8"
        )
    return None


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
