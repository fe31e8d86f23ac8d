"""Admin page forms: parent-aware defaults, minutes prefill, the invitation's form fields."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder, WagtailAdminFormPageForm
from wagtail.models import Page

from cms.forms import DocumentPageForm, DocumentPageFormMixin


class ParentAwareFormMixin:
    """Hands the parent page to the model before validation and relaxes defaulted fields.

    A page type with a `fixed_slug` (invitation, minutes) shows its slug read-only: its address
    is the same whatever its title.
    """

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        if parent_page is not None:
            self.instance._form_parent = parent_page.specific
        fixed_slug = getattr(self.instance, "fixed_slug", "")
        if fixed_slug and "slug" in self.fields:
            self.initial["slug"] = fixed_slug
            self.fields["slug"].disabled = True
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Adressen er fast for denne sidetypen.")
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

    def clean(self):
        cleaned_data = super().clean()
        self.lock_numbering()
        return cleaned_data

    def lock_numbering(self):
        """Before a typed number is checked (CasePage.clean), wait for others numbering here.

        Inside the transaction of an "add case" post (meetings.middleware), the body's row is
        locked until the case is stored, so the check sees a number taken a moment ago.
        """
        body = self.parent_page
        if (
            self.instance.pk is None
            and self.cleaned_data.get("case_number") is not None
            and body is not None
            and transaction.get_connection().in_atomic_block
        ):
            list(Page.objects.select_for_update().filter(pk=body.pk).values_list("pk", flat=True))

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
    """Checks the purposes of the form fields: the quota's organisation and the e-mail."""

    def clean(self):
        from .models.choices import FieldPurpose

        cleaned_data = super().clean()
        formset = self.formsets.get("form_fields")
        by_purpose = {}
        if formset is not None:
            for form in formset.forms:
                data = getattr(form, "cleaned_data", {}) or {}
                if not data.get("label") or data.get("DELETE"):
                    continue
                by_purpose.setdefault(data.get("purpose"), []).append(form)
        for purpose, label in [
            (FieldPurpose.ORGANISATION, _("organisasjon")),
            (FieldPurpose.EMAIL, _("e-post")),
        ]:
            for form in by_purpose.get(purpose, [])[1:]:
                form.add_error(
                    "purpose",
                    _("Bare ett felt kan ha formålet %(purpose)s.") % {"purpose": label},
                )
        for form in by_purpose.get(FieldPurpose.EMAIL, []):
            if form.cleaned_data.get("field_type") != "email":
                form.add_error(
                    "purpose", _("Feltet for e-post til bekreftelsen må ha felttypen E-post.")
                )
        for form in by_purpose.get(FieldPurpose.ORGANISATION, []):
            if form.cleaned_data.get("field_type") not in ORGANISATION_FIELD_TYPES:
                form.add_error(
                    "purpose",
                    _("Organisasjonen må være et tekstfelt eller en nedtrekksliste."),
                )
        if cleaned_data.get("max_per_organisation") and not by_purpose.get(
            FieldPurpose.ORGANISATION
        ):
            self.add_error(
                "max_per_organisation",
                _(
                    "Kvoten telles per organisasjon: gi ett av skjemafeltene formålet "
                    "«Organisasjon»."
                ),
            )
        return cleaned_data


ORGANISATION_FIELD_TYPES = ("singleline", "dropdown", "radio")


# The public registration form -----------------------------------------------------------

REGISTRATION_TOKEN_SALT = "meetings.registration.started"


def registration_token(page_pk, started=None):
    """A signed note of when the form was shown, for the time check of the honeypot."""
    return signing.dumps(
        {"page": page_pk, "t": started or time.time()}, salt=REGISTRATION_TOKEN_SALT
    )


class RegistrationForm(BaseForm):
    """The fields the editor built, plus a honeypot, a time check and the waiting-list choice.

    Bots fill in every text input and post at once: `homepage` is hidden with CSS (and from
    screen readers), and `started` holds a signed time; a form posted with the honeypot filled,
    without a valid time or sooner than REGISTRATION_MIN_SECONDS after it was shown is refused
    with a plain message. `waiting_list` is offered when the organisation's quota is full.
    """

    TRAP_FIELD = "rh_homepage"
    STARTED_FIELD = "rh_started"
    WAITING_LIST_FIELD = "rh_waiting_list"
    EXTRA_FIELDS = (TRAP_FIELD, STARTED_FIELD, WAITING_LIST_FIELD)
    BOT_MESSAGE = _(
        "Påmeldingen ble ikke sendt fordi skjemaet ble sendt for raskt eller var ufullstendig. "
        "Vent noen sekunder og send på nytt."
    )

    def __init__(self, *args, page=None, **kwargs):
        super().__init__(*args, page=page, **kwargs)
        self.page = page
        self.offer_waiting_list = False
        self.fields[self.TRAP_FIELD] = forms.CharField(
            label=_("Nettside (la stå tomt)"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields[self.STARTED_FIELD] = forms.CharField(
            required=False,
            widget=forms.HiddenInput,
            initial=registration_token(getattr(page, "pk", None)),
        )
        self.fields[self.WAITING_LIST_FIELD] = forms.BooleanField(
            label=_("Sett meg på ventelisten hvis kvoten er full"), required=False
        )

    @property
    def builder_fields(self):
        """The visible fields the editor built, in order."""
        return [field for field in self.visible_fields() if field.name not in self.EXTRA_FIELDS]

    @property
    def trap_field(self):
        return self[self.TRAP_FIELD]

    @property
    def waiting_list_field(self):
        return self[self.WAITING_LIST_FIELD]

    @property
    def show_waiting_list(self):
        return self.offer_waiting_list or bool(self.data.get(self.WAITING_LIST_FIELD))

    def wants_waiting_list(self):
        return bool(self.cleaned_data.get(self.WAITING_LIST_FIELD))

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get(self.TRAP_FIELD):
            raise forms.ValidationError(self.BOT_MESSAGE, code="honeypot")
        try:
            started = signing.loads(
                cleaned_data.get(self.STARTED_FIELD) or "", salt=REGISTRATION_TOKEN_SALT
            )
            valid = started["page"] == getattr(self.page, "pk", None)
            elapsed = time.time() - float(started["t"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            valid, elapsed = False, 0
        if not valid:
            # Show a fresh token, so that a person whose form was spoiled can send it again.
            self.data = self.data.copy()
            self.data[self.add_prefix(self.STARTED_FIELD)] = registration_token(
                getattr(self.page, "pk", None)
            )
            raise forms.ValidationError(self.BOT_MESSAGE, code="token")
        if elapsed < settings.REGISTRATION_MIN_SECONDS:
            raise forms.ValidationError(self.BOT_MESSAGE, code="too_fast")
        return cleaned_data

    def registration_data(self):
        """What is stored: the editor's fields only."""
        return {k: v for k, v in self.cleaned_data.items() if k not in self.EXTRA_FIELDS}


class RegistrationFormBuilder(FormBuilder):
    """Wagtail's form builder with an empty «Velg …» choice first in every drop-down list."""

    def create_dropdown_field(self, field, options):
        options["choices"] = [("", _("Velg …")), *self.get_formatted_field_choices(field)]
        return forms.ChoiceField(**options)

    def get_form_class(self):
        return type("RegistrationFormFields", (RegistrationForm,), self.formfields)
