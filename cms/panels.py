"""The edit tabs every page type with its own tabs uses."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, TabbedInterface


def document_tabs(base, *tabs):
    """Edit tabs that follow the document's structure, then publishing and settings.

    `tabs` are (heading, panels) pairs; `base` is the page base class whose promote and
    settings panels make the last two tabs. A document page base (`DocumentPage`) adds its
    `publishing_panels` (change kind and note) at the end of the first tab, next to the
    publish button.
    """
    object_lists = [ObjectList(panels, heading=heading) for heading, panels in tabs]
    publishing_panels = getattr(base, "publishing_panels", [])
    if publishing_panels:
        first = object_lists[0]
        object_lists[0] = ObjectList([*first.children, *publishing_panels], heading=first.heading)
    return TabbedInterface(
        [
            *object_lists,
            ObjectList(base.promote_panels, heading=_("Publisering")),
            ObjectList(base.settings_panels, heading=_("Innstillinger")),
        ]
    )
