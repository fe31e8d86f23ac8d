"""The filter form of the plan listing; every filter is a GET parameter, so results have a URL."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from .models.choices import PlanStatus, PlanType

ALL = [("", _("Alle"))]


def filter_choices(plans):
    """([(unit, unit)], [(tag slug, tag name)]) of the owning units and tags of `plans`."""
    units = plans.order_by("owning_unit").values_list("owning_unit", flat=True).distinct()
    tags = (
        Tag.objects.filter(cms_pagetag_items__content_object__in=plans.values("pk"))
        .distinct()
        .order_by("name")
    )
    return [(unit, unit) for unit in units], [(tag.slug, tag.name) for tag in tags]


class PlanFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=ALL + PlanStatus.choices,
        error_messages={"invalid_choice": _("Velg en av statusene i listen.")},
    )
    type = forms.ChoiceField(
        label=_("Plantype"),
        required=False,
        choices=ALL + PlanType.choices,
        error_messages={"invalid_choice": _("Velg en av plantypene i listen.")},
    )
    unit = forms.ChoiceField(
        label=_("Ansvarlig enhet"),
        required=False,
        error_messages={"invalid_choice": _("Ingen plan eies av «%(value)s». Velg fra listen.")},
    )
    year = forms.IntegerField(
        label=_("Gjelder i året"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("Planer der året er innenfor planperioden."),
        error_messages={
            "invalid": _("Skriv årstallet med fire sifre, for eksempel 2025."),
            "min_value": _("Årstallet må være %(limit_value)s eller senere."),
            "max_value": _("Årstallet må være %(limit_value)s eller tidligere."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    tag = forms.ChoiceField(
        label=_("Emneknagg"),
        required=False,
        error_messages={"invalid_choice": _("Ingen plan har emneknaggen «%(value)s».")},
    )

    def __init__(self, *args, plans=None, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        units, tags = choices if choices is not None else filter_choices(plans)
        self.fields["unit"].choices = ALL + units
        self.fields["tag"].choices = ALL + tags

    def full_clean(self):
        super().full_clean()
        # Tie help texts and error messages to their controls for screen readers.
        for name, field in self.fields.items():
            bound = self[name]
            described_by = []
            if field.help_text:
                described_by.append(f"{bound.auto_id}_helptext")
            if name in self.errors:
                described_by.append(f"{bound.auto_id}_error")
            if described_by:
                field.widget.attrs["aria-describedby"] = " ".join(described_by)

    def has_active_filters(self):
        return any(self.data.get(name) for name in self.fields)

    def filter(self, plans):
        """Apply every filter that validated; invalid ones are shown as errors and ignored."""
        if not self.is_bound:
            return plans
        self.is_valid()  # fills cleaned_data with the valid fields and errors with the rest
        data = self.cleaned_data
        if data.get("status"):
            plans = plans.filter(status=data["status"])
        if data.get("type"):
            plans = plans.filter(plan_type=data["type"])
        if data.get("unit"):
            plans = plans.filter(owning_unit=data["unit"])
        if data.get("year") is not None:
            year = data["year"]
            plans = plans.filter(
                Q(period_from__lte=year) & (Q(period_to__gte=year) | Q(period_to__isnull=True))
            )
        if data.get("tag"):
            plans = plans.filter(tagged_items__tag__slug=data["tag"]).distinct()
        return plans
