"""The vocabularies of the plans models and the style of each plan status."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanType(models.TextChoices):
    MUNICIPAL_SUB_PLAN = "municipal_sub_plan", _("Kommunedelplan")
    THEMATIC_PLAN = "thematic_plan", _("Temaplan")
    ACTION_PLAN = "action_plan", _("Handlingsplan")
    STRATEGY = "strategy", _("Strategi")
    COMPETENCE_PLAN = "competence_plan", _("Kompetanseplan")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    HEARING = "hearing", _("På høring")
    ADOPTED = "adopted", _("Vedtatt")
    REPLACED = "replaced", _("Erstattet")


# CSS modifier (see .status--* in site.css) and timeline colour per status. The colours reach
# at least 3:1 against white, as WCAG 1.4.11 asks of graphical objects.
STATUS_STYLES = {
    PlanStatus.DRAFT: ("info", "#0b5394"),
    PlanStatus.HEARING: ("warn", "#a65300"),
    PlanStatus.ADOPTED: ("ok", "#1b5e20"),
    PlanStatus.REPLACED: ("muted", "#6b7075"),
}
