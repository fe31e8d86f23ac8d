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
        if getattr(self.instance, "slug_follows_default", False) and "slug" in self.fields:
            # The address follows the number or date (BodyChildMixin.apply_defaults).
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = _("Adressen settes automatisk.")


class ParentAwarePageForm(ParentAwareFormMixin, DocumentPageForm):
    """The edit form of meetings and cases."""


class CasePageForm(ParentAwarePageForm):
    """A case's number is given once (CasePage.save) and shown read-only from then on."""

    numbering_fields = ("case_number", "case_year")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "chief_executive_title" in self.fields:
            # Left out of a form post: the case's own, or for a new case the site's default.
            self.fields["chief_executive_title"].required = False
            if not self.instance.pk and not self.is_bound:
                self.initial["chief_executive_title"] = self.default_chief_executive_title()
        if self.instance.case_number is not None:
            for name in self.numbering_fields:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Saksnummeret er gitt og kan ikke endres.")

    def clean_chief_executive_title(self):
        value = self.cleaned_data.get("chief_executive_title")
        if value:
            return value
        if self.instance.pk:
            return self.instance.chief_executive_title
        return self.default_chief_executive_title()

    def default_chief_executive_title(self):
        """The title in the site settings of the site the new case is created in."""
        from cms.models import SiteSettings

        parent = self.parent_page
        site = parent.get_site() if parent is not None else None
        if site is None:
            return self.instance.chief_executive_title
        return SiteSettings.for_site(site).chief_executive_title

    def get_field_updates_for_resave(self):
        """After the first autosave the open form shows the number the case got."""
        updates = list(super().get_field_updates_for_resave())
        for name in self.numbering_fields:
            value = getattr(self.instance, name)
            if value is not None:
                updates.append((name, str(value)))
        return updates


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
