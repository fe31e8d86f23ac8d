"""Roles across the apps (editors, plan editors, per-body secretaries and leaders), the approval
workflow and the audit log."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.actions.publish_page_revision import PublishPagePermissionError
from wagtail.models import GroupPagePermission, PageLogEntry, Workflow, WorkflowState

from meetings.factories import BodyIndexPageFactory, BodyPageFactory, CasePageFactory
from plans.factories import PlanIndexPageFactory, PlanPageFactory


def user_in(name, *groups):
    user = get_user_model().objects.create_user(name, password="x", first_name=name.title())
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def roles(home):
    """Plans and two bodies with a case each, the roles set up, and a user in each role."""
    roles = SimpleNamespace(home=home)
    plans = PlanIndexPageFactory(parent=roles.home)
    roles.plan = PlanPageFactory(parent=plans, title="Temaplan")
    bodies = BodyIndexPageFactory(parent=roles.home)
    roles.hou = BodyPageFactory(parent=bodies, title="Helseutvalget", slug="hou")
    roles.fsk = BodyPageFactory(parent=bodies, title="Formannskapet", slug="fsk")
    roles.hou_case = CasePageFactory(parent=roles.hou, body_page=roles.hou, title="Sak i HOU")
    roles.fsk_case = CasePageFactory(parent=roles.fsk, body_page=roles.fsk, title="Sak i FSK")
    call_command("setup_roles", verbosity=0)
    roles.secretary = user_in("sekretaer", "Sekretærer – Helseutvalget")
    roles.leader = user_in("leder", "Ledere – Helseutvalget")
    roles.other_leader = user_in("annenleder", "Ledere – Formannskapet")
    roles.editor = user_in("redaktor", "Redaktører")
    roles.plan_editor = user_in("planredaktor", "Planredaktører")
    return roles


def test_the_command_is_idempotent(client, roles):
    before = (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        Workflow.objects.count(),
    )
    call_command("setup_roles", verbosity=0)
    after = (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        Workflow.objects.count(),
    )
    assert before == after


def test_a_secretary_edits_only_inside_their_body_and_never_publishes(client, roles):
    own = roles.hou_case.permissions_for_user(roles.secretary)
    assert own.can_edit()
    assert roles.hou.permissions_for_user(roles.secretary).can_add_subpage()
    assert not own.can_publish()
    for page in (roles.fsk_case, roles.fsk, roles.plan, roles.plan.get_parent()):
        perms = page.specific.permissions_for_user(roles.secretary)
        assert not perms.can_edit(), page
        assert not perms.can_publish(), page
        assert not perms.can_add_subpage(), page


def test_a_secretary_is_refused_in_the_admin_outside_their_body(client, roles):
    client.force_login(roles.secretary)
    for page in (roles.fsk_case, roles.plan):
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code != 200, page
    assert client.get(f"/admin/pages/{roles.hou_case.pk}/edit/").status_code == 200


def test_a_secretary_cannot_publish_without_approval(client, roles):
    roles.hou_case.title = "Endret av sekretær"
    revision = roles.hou_case.save_revision(user=roles.secretary)
    with pytest.raises(PublishPagePermissionError):
        revision.publish(user=roles.secretary)
    roles.hou_case.refresh_from_db()
    assert roles.hou_case.title != "Endret av sekretær"


def test_plan_editors_publish_plans_but_not_cases(client, roles):
    assert roles.plan.permissions_for_user(roles.plan_editor).can_publish()
    assert not roles.hou_case.permissions_for_user(roles.plan_editor).can_edit()


def test_editors_may_do_everything(client, roles):
    for page in (roles.plan, roles.hou_case, roles.fsk_case):
        assert page.permissions_for_user(roles.editor).can_publish()


def test_each_body_has_its_approval_workflow(client, roles):
    assert roles.hou_case.get_workflow().name == "Godkjenning – Helseutvalget"
    assert roles.fsk_case.get_workflow().name == "Godkjenning – Formannskapet"


def test_submit_approve_and_publish_through_the_workflow_are_logged_with_the_user(client, roles):
    case = roles.hou_case
    case.title = "Sak i HOU, revidert"
    case.save_revision(user=roles.secretary)
    workflow = case.get_workflow()
    workflow_state = workflow.start(case, roles.secretary)
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert client.get(case.url).status_code == 200
    assert "revidert" not in client.get(case.url).content.decode()

    task_state = workflow_state.current_task_state
    task = task_state.task.specific
    # The leader of another body is not an approver here.
    assert task.get_actions(case, roles.other_leader) == []
    assert task.get_actions(case, roles.leader)

    task.on_action(task_state, roles.leader, "approve")
    case.refresh_from_db()
    assert case.title == "Sak i HOU, revidert"
    assert case.live
    actions = dict(PageLogEntry.objects.filter(page=case).values_list("action", "user__username"))
    assert actions["wagtail.workflow.start"] == "sekretaer"
    assert actions["wagtail.workflow.approve"] == "leder"
    assert actions["wagtail.publish"] == "leder"


def test_the_secretary_submits_for_approval_in_the_admin(client, roles):
    client.force_login(roles.secretary)
    edit = client.get(f"/admin/pages/{roles.hou_case.pk}/edit/").content.decode()
    assert "action-submit" in edit
    assert 'name="action-publish"' not in edit
