"""Per-body roles are created with the body and kept by its id when the body is renamed."""

from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page

from meetings.factories import BodyPageFactory


def test_a_new_body_gets_its_groups_and_workflow_at_once(tree):
    body = BodyPageFactory(parent=tree.index, title="Eldrerådet")
    assert Group.objects.filter(name="Sekretærer – Eldrerådet").exists()
    assert Group.objects.filter(name="Ledere – Eldrerådet").exists()
    assert Page.objects.get(pk=body.pk).get_workflow().name == "Godkjenning – Eldrerådet"


def test_renaming_a_body_keeps_its_groups(tree):
    call_command("setup_roles", verbosity=0)
    secretaries = Group.objects.get(name="Sekretærer – Driftskomiteen")
    groups_before = Group.objects.count()
    body = tree.body
    body.title = "Drifts- og miljøkomiteen"
    body.save_revision().publish()
    secretaries.refresh_from_db()
    assert secretaries.name == "Sekretærer – Drifts- og miljøkomiteen"
    call_command("setup_roles", verbosity=0)
    assert Group.objects.count() == groups_before
    assert (
        Page.objects.get(pk=body.pk).get_workflow().name == "Godkjenning – Drifts- og miljøkomiteen"
    )
