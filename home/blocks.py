from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from cms.blocks import HeadingBlock


class StandardBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = blocks.RichTextBlock(
        label=_("Tekst"), icon="pilcrow", features=["h3", "bold", "italic", "ol", "ul", "link"]
    )
    image = ImageBlock(label=_("Bilde"))
