"""Admin page forms: parent-aware defaults, minutes prefill, the invitation's form fields."""

from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm

from cms.forms import DocumentPageForm, DocumentPageFormMixin


class ParentAwareFormMixin:
    """Hands the parent page to the model before validation and relaxes defaulted fields."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        if parent_page is not None:
            self.instance._form_parent = parent_page.specific
        for name in getattr(self.instance, "defaulted_fields", ()):
            if name in self.fields:
                self.fields[name].required = False


class ParentAwarePageForm(ParentAwareFormMixin, DocumentPageForm):
    """The edit form of meetings and cases."""


class MinutesPageForm(ParentAwarePageForm):
    """New minutes start with one item per agenda item of the meeting."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        items = self.formsets.get("items")
        if self.is_bound or self.instance.pk or items is None or parent_page is None:
            return
        agenda = getattr(parent_page.specific, "agenda_items", None)
        if agenda is None or items.initial_form_count():
            return
        initial = [
            {
                "number": item.number,
                "kind": item.kind,
                "title": item.title,
                "case": item.case_id,
                "exempt": item.exempt,
                "exempt_basis": item.exempt_basis,
                "public_title": item.public_title,
            }
            for item in agenda.all()
        ]
        if initial:
            items.initial_extra = initial
            items.extra = len(initial)


class InvitationPageForm(ParentAwareFormMixin, DocumentPageFormMixin, WagtailAdminFormPageForm):
    """Checks that the fields named for quota and confirmation exist in the form."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("form_fields")
        labels = set()
        if formset is not None:
            for form in formset.forms:
                data = getattr(form, "cleaned_data", {}) or {}
                if data.get("label") and not data.get("DELETE"):
                    labels.add(" ".join(data["label"].split()).casefold())
        for name, message in [
            ("organisation_field", _("Skjemaet har ikke noe felt med etiketten «%(label)s».")),
            (
                "confirmation_email_field",
                _("Skjemaet har ikke noe felt med etiketten «%(label)s»."),
            ),
        ]:
            label = (cleaned_data.get(name) or "").strip()
            if label and " ".join(label.split()).casefold() not in labels:
                self.add_error(name, message % {"label": label})
        return cleaned_data
