"""Blocks every app's StreamFields share."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class HeadingBlock(blocks.StructBlock):
    """A heading of level 2 or 3, shared by the body blocks of every app."""

    text = blocks.CharBlock(label=_("tekst"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Nivå 2")), ("h3", _("Nivå 3"))], default="h2", label=_("nivå")
    )

    class Meta:
        icon = "title"
        label = _("Overskrift")
        template = "cms/blocks/heading_block.html"
        preview_value = {"text": "Kontakt oss", "level": "h2"}
