"""Roles, per-body permissions, the approval workflow, scheduled publishing and the audit log."""

import datetime

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase
from wagtail.actions.publish_page_revision import PublishPagePermissionError
from wagtail.models import (
    GroupPagePermission,
    Page,
    PageLogEntry,
    Site,
    Workflow,
    WorkflowState,
)

from home.factories import HomePageFactory
from meetings.factories import (
    BodyIndexPageFactory,
    BodyPageFactory,
    CasePageFactory,
    InvitationPageFactory,
    MeetingPageFactory,
)
from plans.factories import PlanIndexPageFactory, PlanPageFactory

OSLO = datetime.timezone(datetime.timedelta(hours=1))


def user_in(name, *groups):
    user = get_user_model().objects.create_user(name, password="x", first_name=name.title())
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


class RoleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = HomePageFactory(parent=root)
        site = Site.objects.get(is_default_site=True)
        site.root_page = cls.home
        site.save()
        plans = PlanIndexPageFactory(parent=cls.home)
        cls.plan = PlanPageFactory(parent=plans, title="Temaplan")
        bodies = BodyIndexPageFactory(parent=cls.home)
        cls.hou = BodyPageFactory(parent=bodies, title="Helseutvalget", slug="hou")
        cls.fsk = BodyPageFactory(parent=bodies, title="Formannskapet", slug="fsk")
        cls.hou_case = CasePageFactory(parent=cls.hou, body_page=cls.hou, title="Sak i HOU")
        cls.fsk_case = CasePageFactory(parent=cls.fsk, body_page=cls.fsk, title="Sak i FSK")
        call_command("setup_roles", verbosity=0)
        cls.secretary = user_in("sekretaer", "Sekretærer – Helseutvalget")
        cls.leader = user_in("leder", "Ledere – Helseutvalget")
        cls.other_leader = user_in("annenleder", "Ledere – Formannskapet")
        cls.editor = user_in("redaktor", "Redaktører")
        cls.plan_editor = user_in("planredaktor", "Planredaktører")

    def test_the_command_is_idempotent(self):
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
        self.assertEqual(before, after)

    def test_a_secretary_edits_only_inside_their_body_and_never_publishes(self):
        own = self.hou_case.permissions_for_user(self.secretary)
        self.assertTrue(own.can_edit())
        self.assertTrue(self.hou.permissions_for_user(self.secretary).can_add_subpage())
        self.assertFalse(own.can_publish())
        for page in (self.fsk_case, self.fsk, self.plan, self.plan.get_parent()):
            perms = page.specific.permissions_for_user(self.secretary)
            self.assertFalse(perms.can_edit(), page)
            self.assertFalse(perms.can_publish(), page)
            self.assertFalse(perms.can_add_subpage(), page)

    def test_a_secretary_is_refused_in_the_admin_outside_their_body(self):
        self.client.force_login(self.secretary)
        for page in (self.fsk_case, self.plan):
            response = self.client.get(f"/admin/pages/{page.pk}/edit/")
            self.assertNotEqual(response.status_code, 200, page)
        self.assertEqual(self.client.get(f"/admin/pages/{self.hou_case.pk}/edit/").status_code, 200)

    def test_a_secretary_cannot_publish_without_approval(self):
        self.hou_case.title = "Endret av sekretær"
        revision = self.hou_case.save_revision(user=self.secretary)
        with self.assertRaises(PublishPagePermissionError):
            revision.publish(user=self.secretary)
        self.hou_case.refresh_from_db()
        self.assertNotEqual(self.hou_case.title, "Endret av sekretær")

    def test_plan_editors_publish_plans_but_not_cases(self):
        self.assertTrue(self.plan.permissions_for_user(self.plan_editor).can_publish())
        self.assertFalse(self.hou_case.permissions_for_user(self.plan_editor).can_edit())

    def test_editors_may_do_everything(self):
        for page in (self.plan, self.hou_case, self.fsk_case):
            self.assertTrue(page.permissions_for_user(self.editor).can_publish())

    def test_each_body_has_its_approval_workflow(self):
        self.assertEqual(self.hou_case.get_workflow().name, "Godkjenning – Helseutvalget")
        self.assertEqual(self.fsk_case.get_workflow().name, "Godkjenning – Formannskapet")

    def test_submit_approve_and_publish_through_the_workflow_are_logged_with_the_user(self):
        case = self.hou_case
        case.title = "Sak i HOU, revidert"
        case.save_revision(user=self.secretary)
        workflow = case.get_workflow()
        workflow_state = workflow.start(case, self.secretary)
        self.assertEqual(workflow_state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(self.client.get(case.url).status_code, 200)
        self.assertNotIn("revidert", self.client.get(case.url).content.decode())

        task_state = workflow_state.current_task_state
        task = task_state.task.specific
        # The leader of another body is not an approver here.
        self.assertEqual(task.get_actions(case, self.other_leader), [])
        self.assertTrue(task.get_actions(case, self.leader))

        task.on_action(task_state, self.leader, "approve")
        case.refresh_from_db()
        self.assertEqual(case.title, "Sak i HOU, revidert")
        self.assertTrue(case.live)
        actions = dict(
            PageLogEntry.objects.filter(page=case).values_list("action", "user__username")
        )
        self.assertEqual(actions["wagtail.workflow.start"], "sekretaer")
        self.assertEqual(actions["wagtail.workflow.approve"], "leder")
        self.assertEqual(actions["wagtail.publish"], "leder")

    def test_the_secretary_submits_for_approval_in_the_admin(self):
        self.client.force_login(self.secretary)
        edit = self.client.get(f"/admin/pages/{self.hou_case.pk}/edit/").content.decode()
        self.assertIn("action-submit", edit)
        self.assertNotIn('name="action-publish"', edit)


class ScheduledInvitationTests(TestCase):
    def test_an_invitation_goes_live_only_when_publish_scheduled_runs_after_its_date(self):
        root = Page.get_first_root_node()
        home = HomePageFactory(parent=root)
        site = Site.objects.get(is_default_site=True)
        site.root_page = home
        site.save()
        body = BodyPageFactory(parent=BodyIndexPageFactory(parent=home), title="Rådet")
        meeting = MeetingPageFactory(parent=body, body_page=body, date=datetime.date(2024, 5, 20))
        go_live = datetime.datetime(2024, 5, 1, 8, tzinfo=OSLO)
        with time_machine.travel(datetime.datetime(2024, 4, 20, 12, tzinfo=OSLO), tick=False):
            invitation = InvitationPageFactory(parent=meeting, live=False)
            invitation.go_live_at = go_live
            invitation.save_revision().publish()
            invitation.refresh_from_db()
            self.assertFalse(invitation.live)
            self.assertEqual(self.client.get(invitation.url).status_code, 404)
            call_command("publish_scheduled")
            self.assertEqual(self.client.get(invitation.url).status_code, 404)
        with time_machine.travel(datetime.datetime(2024, 5, 1, 8, 5, tzinfo=OSLO), tick=False):
            call_command("publish_scheduled")
            invitation.refresh_from_db()
            self.assertTrue(invitation.live)
            self.assertEqual(self.client.get(invitation.url).status_code, 200)
            history = self.client.get(invitation.url + "versjoner/").content.decode()
            self.assertIn("1 publisert versjon", history)
            self.assertIn("01.05.2024", history)
