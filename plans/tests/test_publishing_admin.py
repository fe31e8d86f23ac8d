"""The change note and change kind in the admin edit view, stored with each publication."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from plans.factories import PlanIndexPageFactory, PlanPageFactory
from plans.models import PlanPage

OSLO = datetime.timezone(datetime.timedelta(hours=1))


def plan_form_data(plan, **overrides):
    data = {
        "title": plan.title,
        "slug": plan.slug,
        "plan_type": plan.plan_type,
        "owning_unit": plan.owning_unit,
        "period_from": plan.period_from,
        "period_to": plan.period_to,
        "status": plan.status,
        "summary": rich_text(plan.summary),
        "body": streamfield([]),
        "language": "nb",
        "tags": "",
        "change_kind": "substantive",
        "change_note": "",
    }
    # Every inline list of the type (authors, attachments, ...) submitted empty.
    form_class = PlanPage.get_edit_handler().get_form_class()
    for name in form_class.formsets:
        if name != "comments":
            data[name] = inline_formset([])
    data.update(overrides)
    return nested_form_data(data)


@pytest.fixture
def edit(client, home, django_user_model):
    """A published plan, and its edit view open to a logged-in editor."""
    edit = SimpleNamespace()
    index = PlanIndexPageFactory(parent=home)
    edit.user = django_user_model.objects.create_superuser("redaktor", password="x")
    with time_machine.travel(datetime.datetime(2024, 1, 10, 12, tzinfo=OSLO), tick=False):
        edit.plan = PlanPageFactory(
            parent=index, title="Temaplan", slug="temaplan", summary="<p>Første tekst.</p>"
        )
        edit.plan.save_revision(user=edit.user).publish(user=edit.user)
    client.force_login(edit.user)
    edit.edit_url = f"/admin/pages/{edit.plan.pk}/edit/"
    return edit


def post(client, edit, **overrides):
    plan = PlanPage.objects.get(pk=edit.plan.pk)
    data = plan_form_data(plan, **overrides)
    data["action-publish"] = "action-publish"
    response = client.post(edit.edit_url, data)
    assert response.status_code == 302, (
        getattr(response, "context", None)
        and response.context.get("form")
        and response.context["form"].errors
    )
    return PlanPage.objects.get(pk=edit.plan.pk)


def test_the_edit_view_asks_for_the_change_note_and_kind(client, edit):
    html = client.get(edit.edit_url).content.decode()
    assert "Publisering av denne versjonen" in html
    assert 'name="change_note"' in html
    assert 'name="change_kind"' in html


def test_a_correction_then_a_substantive_change_published_from_the_admin(client, edit):
    with time_machine.travel(datetime.datetime(2024, 2, 1, 12, tzinfo=OSLO), tick=False):
        plan = post(
            client,
            edit,
            summary=rich_text("<p>Første tekst, rettet.</p>"),
            change_kind="correction",
            change_note="Rettet tegnsetting.",
        )
    assert plan.change_note == "Rettet tegnsetting."
    assert plan.substantive_change_at.date() == datetime.date(2024, 1, 10)
    assert plan.live_revision.content["change_kind"] == "correction"

    # The next edit starts with an empty note, not the one of the published version.
    form = client.get(edit.edit_url).context["form"]
    assert form.initial["change_note"] == ""
    assert form.initial["change_kind"] == "substantive"

    with time_machine.travel(datetime.datetime(2024, 3, 1, 12, tzinfo=OSLO), tick=False):
        plan = post(
            client, edit, summary=rich_text("<p>Helt ny tekst.</p>"), change_note="Nye mål."
        )
    assert plan.substantive_change_at.date() == datetime.date(2024, 3, 1)
    html = client.get(plan.url + "versjoner/").content.decode()
    assert "3 publiserte versjoner" in html
    assert "Rettet tegnsetting." in html
    assert "Nye mål." in html


def test_a_saved_draft_keeps_its_note(client, edit):
    plan = PlanPage.objects.get(pk=edit.plan.pk)
    data = plan_form_data(plan, change_note="Under arbeid.")
    client.post(edit.edit_url, data)
    form = client.get(edit.edit_url).context["form"]
    assert form.initial["change_note"] == "Under arbeid."


@pytest.fixture
def editing(home, django_user_model):
    """Two editors on the same page: the later save of a stale form is refused, not silent."""
    editing = SimpleNamespace()
    index = PlanIndexPageFactory(parent=home)
    user_model = django_user_model
    editing.anne = user_model.objects.create_superuser("anne", password="x", first_name="Anne")
    editing.bjorn = user_model.objects.create_superuser("bjorn", password="x")
    editing.plan = PlanPageFactory(parent=index, title="Plan", slug="plan", summary="<p>A.</p>")
    editing.plan.save_revision(user=editing.anne).publish(user=editing.anne)
    return editing


def loaded_form_data(client, editing, user, **overrides):
    client.force_login(user)
    response = client.get(f"/admin/pages/{editing.plan.pk}/edit/")
    plan = PlanPage.objects.get(pk=editing.plan.pk)
    data = plan_form_data(plan, **overrides)
    data["loaded_revision_id"] = str(plan.latest_revision_id)
    data["loaded_revision_created_at"] = response.context["loaded_revision_created_at"]
    return data


def test_saving_a_form_loaded_before_someone_else_saved_is_refused(client, editing):
    bjorn_data = loaded_form_data(
        client, editing, editing.bjorn, summary=rich_text("<p>Bjørns tekst.</p>")
    )
    anne_data = loaded_form_data(
        client, editing, editing.anne, summary=rich_text("<p>Annes tekst.</p>")
    )
    anne_data["action-publish"] = "action-publish"
    assert client.post(f"/admin/pages/{editing.plan.pk}/edit/", anne_data).status_code == 302

    client.force_login(editing.bjorn)
    response = client.post(f"/admin/pages/{editing.plan.pk}/edit/", bjorn_data)
    assert response.status_code == 200
    assert "Siden er lagret av Anne etter at du åpnet den" in response.content.decode()
    latest = PlanPage.objects.get(pk=editing.plan.pk).get_latest_revision_as_object()
    assert "Annes tekst" in latest.summary


def test_saving_an_up_to_date_form_works(client, editing):
    data = loaded_form_data(client, editing, editing.bjorn, summary=rich_text("<p>Ny.</p>"))
    response = client.post(f"/admin/pages/{editing.plan.pk}/edit/", data)
    assert response.status_code == 302


def autosave(client, editing, data):
    """What Wagtail's autosave controller posts: the form as JSON request."""
    response = client.post(
        f"/admin/pages/{editing.plan.pk}/edit/", data, headers={"accept": "application/json"}
    )
    assert response.status_code == 200, response.content[:500]
    body = response.json()
    assert body["success"], body
    return body


def test_the_editors_own_autosaves_never_block_publishing(client, editing):
    data = loaded_form_data(client, editing, editing.anne, summary=rich_text("<p>Annes tekst.</p>"))
    first = autosave(client, editing, data)
    autosave(client, editing, {**data, "overwrite_revision_id": str(first["revision_id"])})
    # The full form still carries the revision it was loaded with.
    response = client.post(
        f"/admin/pages/{editing.plan.pk}/edit/", {**data, "action-publish": "action-publish"}
    )
    assert response.status_code == 302
    plan = PlanPage.objects.get(pk=editing.plan.pk)
    assert "Annes tekst" in plan.summary


def test_another_editors_autosave_is_not_overwritten_by_a_stale_publish(client, editing):
    anne_data = loaded_form_data(
        client, editing, editing.anne, summary=rich_text("<p>Annes tekst.</p>")
    )
    bjorn_data = loaded_form_data(
        client, editing, editing.bjorn, summary=rich_text("<p>Bjørns tekst.</p>")
    )
    autosave(client, editing, bjorn_data)
    client.force_login(editing.anne)
    response = client.post(
        f"/admin/pages/{editing.plan.pk}/edit/", {**anne_data, "action-publish": "action-publish"}
    )
    assert response.status_code == 200
    assert "Siden er lagret av bjorn etter at du åpnet den" in response.content.decode()
    assert "Annes tekst" in response.content.decode()  # nothing typed is lost
    # The form shown again is loaded with Bjørn's revision: saving once more is deliberate.
    assert (
        response.context["loaded_revision_created_at"]
        == PlanPage.objects.get(pk=editing.plan.pk).latest_revision.created_at.isoformat()
    )
