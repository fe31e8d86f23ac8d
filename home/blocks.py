from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("tekst"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Nivå 2")), ("h3", _("Nivå 3"))], default="h2", label=_("nivå")
    )

    class Meta:
        icon = "title"
        label = _("Overskrift")
        template = "home/blocks/heading_block.html"
        preview_value = {"text": "Kontakt oss", "level": "h2"}


class StandardBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = blocks.RichTextBlock(
        label=_("Tekst"), icon="pilcrow", features=["h3", "bold", "italic", "ol", "ul", "link"]
    )
    image = ImageBlock(label=_("Bilde"))
