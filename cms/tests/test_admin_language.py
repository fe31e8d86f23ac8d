"""The admin speaks bokmål: the project's catalogues complete and correct Wagtail's own.

`locale/nb/LC_MESSAGES/django.po` and `djangojs.po` hold the Wagtail strings that Wagtail's nb
catalogues leave untranslated, and corrections of wrong ones; LOCALE_PATHS come before the apps,
so they win. The editor account is an editor, and Wagtail's English default groups and workflow
are gone.
"""

import json
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale" / "nb" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")

# Strings editors met in English (issue 8), as Wagtail's source spells them.
ADMIN_STRINGS = {
    "Saved": "Lagret",
    "Autosave is paused": "Automatisk lagring er satt på pause",
    "Go to the first error": "Gå til den første feilen",
    "Request changes": "Be om endringer",
    "Approve with comment": "Godkjenn med kommentar",
    "Search all pages…": "Søk i alle sider …",
    "Help": "Hjelp",
    "title tag": "tittel for søkemotorer",
    "meta description": "metabeskrivelse",
    "Awaiting": "Venter",
    "live + in moderation": "publisert + til godkjenning",
    "slug": "adressenavn",
    "The page title as you'd like it to be seen by the public": (
        "Tittelen på siden slik publikum skal se den"
    ),
}
JS_STRINGS = {
    "Collapse all": "Lukk alle",
    "Expand all": "Åpne alle",
    "Changes have been autosaved.": "Endringene er lagret automatisk.",
}


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_compiled_catalogue_matches_the_po_file(domain):
    po = polib.pofile(str(LOCALE / f"{domain}.po"))
    mo = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.mofile(str(LOCALE / f"{domain}.mo"))
    }
    stale = [
        e.msgid
        for e in po.translated_entries()
        if mo.get((e.msgctxt, e.msgid)) != (e.msgstr, e.msgstr_plural)
    ]
    assert not stale, f"Run `manage.py compilemessages -l nb`: {domain}.mo is out of date for\n" + (
        "\n".join(stale)
    )


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_entry_is_translated_and_keeps_its_placeholders(domain):
    po = polib.pofile(str(LOCALE / f"{domain}.po"))
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        if not entry.translated() or "fuzzy" in entry.flags:
            problems.append(f"untranslated: {entry.msgid}")
            continue
        if entry.msgid_plural:
            pairs = [(entry.msgid_plural, entry.msgstr_plural[1])]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translated in pairs:
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translated)):
                problems.append(f"placeholders differ: {source!r} -> {translated!r}")
    assert not problems, "\n".join(problems)


def test_key_admin_strings_are_in_bokmal():
    with translation.override("nb"):
        got = {msgid: translation.gettext(msgid) for msgid in ADMIN_STRINGS}
    assert got == ADMIN_STRINGS


def test_typos_in_wagtails_catalogue_are_corrected():
    po = polib.pofile(str(LOCALE / "django.po"))
    text = "\n".join(entry.msgstr for entry in po)
    assert "Tiittel" not in text and "adskildt" not in text
    with translation.override("nb"):
        help_text = translation.gettext(
            "Optional - form submissions will be emailed to these addresses. "
            "Separate multiple addresses by comma."
        )
    assert help_text == (
        "Valgfritt – innsendte skjemaer sendes til disse adressene. Skill flere adresser med komma."
    )


@pytest.mark.django_db
def test_admin_javascript_catalogue_uses_the_project_translations(client, django_user_model):
    from cms.roles import EDITORS, setup_roles

    user = django_user_model.objects.create_user("redaktor", password="x")
    user.groups.add(setup_roles()[EDITORS])
    client.force_login(user)
    response = client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 200
    body = response.content.decode()
    for msgid, msgstr in JS_STRINGS.items():
        assert f'"{msgid}": {json.dumps(msgstr)}' in body, msgid


@pytest.mark.django_db
def test_dashboard_shows_the_editor_bokmal(client, django_user_model):
    from cms.roles import EDITORS, setup_roles

    user = django_user_model.objects.create_user("redaktor", password="x")
    user.groups.add(setup_roles()[EDITORS])
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert "Søk i alle sider …" in html
    assert "Search all pages" not in html


@pytest.mark.django_db
def test_wagtails_english_default_groups_and_workflow_are_gone():
    from django.contrib.auth.models import Group
    from wagtail.models import Task, Workflow

    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()


@pytest.mark.django_db
def test_editor_account_is_an_editor_not_a_superuser(monkeypatch, django_user_model):
    from io import StringIO

    monkeypatch.setenv("RADHUS_EDITOR_USERNAME", "redaktor")
    monkeypatch.setenv("RADHUS_EDITOR_PASSWORD", "Et-passord-123")
    out = StringIO()
    call_command("ensure_editor", stdout=out)
    call_command("ensure_editor", stdout=StringIO())  # a second run changes nothing

    user = django_user_model.objects.get(username="redaktor")
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Redaktører"]
    assert user.check_password("Et-passord-123")
    assert user.has_perm("wagtailadmin.access_admin")
    assert "manage.py createsuperuser" in out.getvalue()


@pytest.mark.django_db
def test_default_group_with_members_is_renamed_not_deleted(django_user_model):
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group

    migration = import_module("cms.migrations.0002_remove_wagtail_default_groups")
    member = django_user_model.objects.create_user("gammel")
    member.groups.add(Group.objects.create(name="Editors"))
    Group.objects.create(name="Moderators")

    migration.remove_defaults(apps, None)

    assert list(member.groups.values_list("name", flat=True)) == [
        "Redaktører (Wagtails standardgruppe)"
    ]
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
