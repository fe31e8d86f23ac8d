from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.models import Page

from cms.feeds import (
    MAX_PAGE_ID,
    clean_query,
    document_models,
    has_document_children,
    model_for_type_slug,
    type_slug,
)
from cms.models import DocumentPage

from .models import Frequency, Kind, Subscription


def type_choices():
    return [
        (type_slug(model), str(model._meta.verbose_name_plural).capitalize())
        for model in document_models()
    ]


class SubscribeForm(forms.Form):
    """An address and what it wants to follow; `website` is a honeypot that people leave empty."""

    email = forms.EmailField(
        label=_("E-postadresse"),
        max_length=254,
        error_messages={
            "required": _("Skriv e-postadressen din."),
            "invalid": _("Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label=_("Hvor ofte?"),
        choices=Frequency.choices,
        initial=Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hvor ofte du vil få e-post.")},
    )
    kind = forms.ChoiceField(choices=Kind.choices, widget=forms.HiddenInput)
    target = forms.CharField(max_length=200, widget=forms.HiddenInput)
    website = forms.CharField(
        label=_("Ikke fyll ut dette feltet"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, choose_type=False, **kwargs):
        super().__init__(*args, **kwargs)
        if choose_type:
            self.fields["target"] = forms.ChoiceField(
                label=_("Dokumenttype"),
                choices=type_choices(),
                error_messages={"required": _("Velg en dokumenttype.")},
            )

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("website"))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        kind, target = cleaned.get("kind"), cleaned.get("target")
        if kind and target is not None:
            resolved = resolve_target(kind, target)
            if resolved is None:
                raise forms.ValidationError(
                    _("Det du vil følge, finnes ikke eller er ikke offentlig."), code="target"
                )
            cleaned["fields"], cleaned["key"] = resolved
        return cleaned


def resolve_target(kind, target):
    """(model fields, key) of a subscription to `target`, or None when it cannot be followed."""
    target = str(target).replace("\x00", "").strip()
    if kind == Kind.PAGE:
        if not target.isascii() or not target.isdigit() or int(target) > MAX_PAGE_ID:
            return None
        page = Page.objects.live().public().filter(pk=int(target)).specific().first()
        if page is None or not (isinstance(page, DocumentPage) or has_document_children(page)):
            return None
        return {"page": page}, Subscription.make_key(kind, page.pk)
    if kind == Kind.TAG:
        tag = Tag.objects.filter(slug=target).first()
        if tag is None:
            return None
        return {"tag": tag}, Subscription.make_key(kind, tag.pk)
    if kind == Kind.TYPE:
        model = model_for_type_slug(target)
        if model is None:
            return None
        content_type = ContentType.objects.get_for_model(model)
        return {"content_type": content_type}, Subscription.make_key(kind, content_type.pk)
    if kind == Kind.SEARCH:
        query = clean_query(target)
        if not query:
            return None
        return {"query": query}, Subscription.make_key(kind, query.lower())
    return None
