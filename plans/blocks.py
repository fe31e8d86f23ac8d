"""StreamField blocks of a plan's body: headings, text, quotes, goals, strategy areas, measures."""

from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

from cms.blocks import HeadingBlock
from cms.text import html_to_text

TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class QuoteBlock(blocks.StructBlock):
    """A quotation with who said it and where (e.g. a NOU report)."""

    text = blocks.TextBlock(label=_("sitat"), help_text=_("Tomme linjer skiller avsnitt."))
    source = blocks.CharBlock(
        label=_("kilde"),
        help_text=_("Hvem eller hva som siteres, for eksempel «NOU 2023:4 Tid for handling»."),
    )
    source_role = blocks.CharBlock(
        label=_("kildens rolle"),
        required=False,
        help_text=_("For eksempel «professor i ledelse og organisasjonspsykologi»."),
    )
    citation = blocks.CharBlock(
        label=_("henvisning"),
        required=False,
        help_text=_("Fullstendig tittel på publikasjonen sitatet er hentet fra."),
    )
    citation_url = blocks.URLBlock(label=_("lenke til publikasjonen"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Sitat")
        template = "plans/blocks/quote_block.html"
        preview_value = {
            "text": "Personellet er ryggraden i helse- og omsorgstjenestene.",
            "source": "NOU 2023:4 Tid for handling",
            "citation": "Personellet i en bærekraftig helse- og omsorgstjeneste",
        }


class GoalBlock(blocks.StructBlock):
    """The plan's overall goal."""

    title = blocks.CharBlock(label=_("overskrift"), default="Målsetting")
    text = blocks.RichTextBlock(label=_("mål"), features=TEXT_FEATURES)

    class Meta:
        icon = "pick"
        label = _("Mål")
        template = "plans/blocks/goal_block.html"
        preview_value = {
            "title": "Målsetting",
            "text": "<p>Rekruttere, beholde og utvikle nok personell med rett kompetanse.</p>",
        }


class StrategyAreaBlock(blocks.StructBlock):
    """A strategy area with its text, sub-items and an optional read-more link."""

    title = blocks.CharBlock(label=_("tittel"))
    short_title = blocks.CharBlock(
        label=_("kort tittel"),
        required=False,
        help_text=_("Kort navn brukt i oversikten, for eksempel «Rekruttere og beholde»."),
    )
    text = blocks.RichTextBlock(label=_("tekst"), required=False, features=TEXT_FEATURES)
    items = blocks.ListBlock(
        blocks.CharBlock(label=_("punkt")), label=_("delområder"), default=[], min_num=0
    )
    link_text = blocks.CharBlock(
        label=_("lenketekst"),
        required=False,
        help_text=_("For eksempel «Les mer på regjeringen.no»."),
    )
    link_url = blocks.URLBlock(label=_("lenkeadresse"), required=False)

    class Meta:
        icon = "list-ul"
        label = _("Strategiområde")
        template = "plans/blocks/strategy_area_block.html"
        preview_value = {
            "title": "Attraktiv arbeidsplass",
            "items": ["Heltidskultur og turnusordninger", "Senior- og livsfasepolitikk"],
        }

    def clean(self, value):
        result = super().clean(value)
        if result.get("link_text") and not result.get("link_url"):
            raise blocks.StructBlockValidationError(
                block_errors={"link_url": _("Oppgi lenkeadressen til lenketeksten.")}
            )
        return result


class StrategyAreasValue(blocks.StructValue):
    @property
    def short_titles(self):
        """The areas' short titles, when every area has one (an at-a-glance list)."""
        titles = [area.get("short_title") for area in self.get("areas", [])]
        return titles if titles and all(titles) else []


class StrategyAreasBlock(blocks.StructBlock):
    """A group of strategy areas under one heading, e.g. «Strategiområder»."""

    title = blocks.CharBlock(label=_("overskrift"))
    intro = blocks.RichTextBlock(label=_("ingress"), required=False, features=TEXT_FEATURES)
    areas = blocks.ListBlock(StrategyAreaBlock(), label=_("strategiområder"))

    class Meta:
        icon = "folder-open-inverse"
        label = _("Gruppe av strategiområder")
        value_class = StrategyAreasValue
        template = "plans/blocks/strategy_areas_block.html"


MEASURE_STATUSES = [
    ("planned", _("Planlagt")),
    ("ongoing", _("Pågår")),
    ("done", _("Gjennomført")),
    ("postponed", _("Utsatt")),
]


class MeasureValue(blocks.StructValue):
    @property
    def status_label(self):
        return dict(MEASURE_STATUSES).get(self.get("status"), self.get("status"))


class MeasureBlock(blocks.StructBlock):
    measure = blocks.CharBlock(label=_("tiltak"))
    responsible = blocks.CharBlock(label=_("ansvarlig"), required=False)
    deadline = blocks.CharBlock(
        label=_("frist"), required=False, help_text=_("For eksempel «2025» eller «31.12.2025».")
    )
    cost = blocks.CharBlock(
        label=_("kostnad"),
        required=False,
        help_text=_("For eksempel «200 000 kr» eller «Innenfor ramme»."),
    )
    status = blocks.ChoiceBlock(
        choices=MEASURE_STATUSES, default="planned", label=_("status"), required=True
    )

    class Meta:
        icon = "tasks"
        label = _("Tiltak")
        value_class = MeasureValue


class MeasuresTableBlock(blocks.StructBlock):
    """A table of measures: what, who is responsible, deadline, cost and status."""

    title = blocks.CharBlock(label=_("tabelltittel"), default="Tiltak")
    measures = blocks.ListBlock(MeasureBlock(), label=_("tiltak"))

    class Meta:
        icon = "table"
        label = _("Tiltakstabell")
        template = "plans/blocks/measures_table_block.html"
        preview_value = {
            "title": "Tiltak",
            "measures": [
                {
                    "measure": "Kompetansekartlegging i alle enheter",
                    "responsible": "Kommunalsjef",
                    "deadline": "2025",
                    "cost": "Innenfor ramme",
                    "status": "ongoing",
                }
            ],
        }


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("tall"), help_text=_("For eksempel «1 200» eller «35 %»."))
    label = blocks.CharBlock(label=_("forklaring"))
    source = blocks.CharBlock(label=_("kilde"), required=False)

    class Meta:
        icon = "order"
        label = _("Nøkkeltall")
        template = "plans/blocks/key_figure_block.html"
        preview_value = {"value": "35 %", "label": "av de ansatte er over 55 år"}


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("dokument"))
    title = blocks.CharBlock(
        label=_("lenketekst"), required=False, help_text=_("Tom: dokumentets tittel.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Dokumentlenke")
        template = "plans/blocks/document_link_block.html"


class PlanBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = blocks.RichTextBlock(label=_("Tekst"), icon="pilcrow", features=TEXT_FEATURES)
    quote = QuoteBlock()
    goal = GoalBlock()
    strategy_area = StrategyAreaBlock()
    strategy_areas = StrategyAreasBlock()
    measures = MeasuresTableBlock()
    key_figure = KeyFigureBlock()
    image = ImageBlock(label=_("Bilde"))
    document = DocumentLinkBlock()


def block_text(block, value):
    """A readable plain-text rendering of a block value (for version diffs)."""
    if value in (None, "", []):
        return ""
    if isinstance(block, ImageBlock):  # a StructBlock whose value is the image itself
        return getattr(value, "contextual_alt_text", None) or value.title
    if isinstance(block, blocks.StreamBlock):
        return "\n\n".join(
            f"[{child.block.label}]\n{text}"
            for child in value
            if (text := block_text(child.block, child.value))
        )
    if isinstance(block, blocks.StructBlock):
        lines = []
        for name, child_block in block.child_blocks.items():
            text = block_text(child_block, value.get(name))
            if text:
                lines.append(f"{capfirst(child_block.label)}: {text}")
        return "\n".join(lines)
    if isinstance(block, blocks.ListBlock):
        items = [block_text(block.child_block, item) for item in value]
        return "\n".join("- " + item.replace("\n", "\n  ") for item in items if item)
    if isinstance(block, blocks.RichTextBlock):
        return html_to_text(value)
    if isinstance(block, blocks.ChoiceBlock):
        return str(dict(block.field.choices).get(value, value))
    if isinstance(value, Model):  # documents, pages
        return str(value)
    return str(value).replace("\r\n", "\n").strip()
