"""Validation of plans, with the Norwegian messages editors see next to the field."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from pytest_django.asserts import assertContains
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from plans.factories import PlanIndexPageFactory, PlanPageFactory
from plans.models import PlanAdoptionStep, PlanPage, PlanStatus, RelatedPlan


@pytest.fixture
def index(home):
    return PlanIndexPageFactory(parent=home)


@pytest.fixture
def plans(index):
    """A master plan, a sub-plan under it and a department plan under that."""
    master = PlanPageFactory(parent=index, title="Kommunedelplan")
    sub = PlanPageFactory(parent=index, title="Temaplan", parent_plan=master)
    department = PlanPageFactory(parent=index, title="Avdelingsplan", parent_plan=sub)
    return master, sub, department


def errors(plan):
    with pytest.raises(ValidationError) as raised:
        plan.full_clean()
    return raised.value.message_dict


def test_a_valid_plan_passes(plans):
    master, _, _ = plans
    master.full_clean()


def test_the_period_cannot_end_before_it_starts(plans):
    plan = plans[0]
    plan.period_from, plan.period_to = 2027, 2024
    assert errors(plan)["period_to"] == [
        "Planperioden kan ikke slutte (2024) før den begynner (2027)."
    ]


def test_a_one_year_period_and_an_open_end_are_allowed(plans):
    plan = plans[0]
    plan.period_from, plan.period_to = 2025, 2025
    plan.full_clean()
    plan.period_to = None
    plan.full_clean()
    assert str(plan.period_label) == "fra 2025"


def test_a_year_must_have_four_digits(plans):
    plan = plans[0]
    plan.period_from = 25
    assert "period_from" in errors(plan)


def test_a_plan_on_hearing_needs_a_deadline(plans):
    plan = plans[0]
    plan.status = PlanStatus.HEARING
    assert errors(plan)["hearing_deadline"] == ["En plan som er på høring, må ha en høringsfrist."]
    plan.hearing_deadline = datetime.date(2025, 4, 1)
    plan.full_clean()


def test_a_replaced_plan_names_its_replacement(plans):
    _, plan, department = plans
    plan.status = PlanStatus.REPLACED
    assert errors(plan)["replaced_by"] == ["Velg planen som erstatter denne planen."]
    plan.replaced_by = department
    plan.full_clean()


def test_a_plan_cannot_replace_itself(plans):
    _, plan, _ = plans
    plan.status, plan.replaced_by = PlanStatus.REPLACED, plan
    assert errors(plan)["replaced_by"] == ["En plan kan ikke erstatte seg selv."]


def test_a_plan_cannot_be_its_own_parent(plans):
    plan = plans[0]
    plan.parent_plan = plan
    assert errors(plan)["parent_plan"] == ["En plan kan ikke være overordnet plan for seg selv."]


def test_a_plan_cannot_be_placed_under_one_of_its_descendants(plans):
    master, sub, department = plans
    for descendant in [sub, department]:
        master.parent_plan = descendant
        assert (
            "En plan kan ikke være overordnet en plan den selv er underordnet."
            in errors(master)["parent_plan"][0]
        ), descendant.title


def test_a_sibling_may_become_the_parent(index, plans):
    other = PlanPageFactory(parent=index, title="Annen plan")
    other.parent_plan = plans[2]
    other.full_clean()


def test_full_document_link_text_needs_a_target(plans):
    plan = plans[0]
    plan.full_document_text = "Les hele planen"
    assert errors(plan)["full_document_url"] == [
        "Velg et dokument eller oppgi en adresse til lenketeksten."
    ]


def test_an_adoption_step_needs_a_body(plans):
    step = PlanAdoptionStep(page=plans[0], date=datetime.date(2023, 11, 21))
    assert errors(step)["body"] == [
        "Velg organet som vedtok planen, eller skriv navnet i fritekstfeltet."
    ]
    step.body_name = "Velferdsutvalg"
    step.full_clean()


def test_a_related_plan_needs_a_plan_or_a_title_and_not_itself(plans):
    related = RelatedPlan(page=plans[0])
    assert "plan" in errors(related)
    related.plan = plans[0]
    assert errors(related)["plan"] == ["En plan kan ikke være relatert til seg selv."]


# The same rules in the editor: the message appears next to the field.


@pytest.fixture
def post_plan(admin_client, index):
    """Post the admin's "add plan" form under the index with some fields changed."""

    def post(**fields):
        data = {
            "title": "Handlingsplan klima",
            "slug": "handlingsplan-klima",
            "plan_type": "action_plan",
            "owning_unit": "Teknisk",
            "period_from": "2025",
            "period_to": "2026",
            "status": "draft",
            "summary": rich_text(""),
            "body": streamfield([]),
            "adoption_steps": inline_formset([]),
            "authors": inline_formset([]),
            "related_plans": inline_formset([]),
            "attachments": inline_formset([]),
            "language": "nb",
            "change_kind": "substantive",
        }
        data.update(fields)
        return admin_client.post(
            f"/admin/pages/add/plans/planpage/{index.pk}/", nested_form_data(data)
        )

    return post


def test_errors_are_shown_in_norwegian_next_to_the_fields(post_plan):
    response = post_plan(period_from="2026", period_to="2025", status="hearing")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["period_to"] == [
        "Planperioden kan ikke slutte (2025) før den begynner (2026)."
    ]
    assert form.errors["hearing_deadline"] == ["En plan som er på høring, må ha en høringsfrist."]
    assertContains(response, "En plan som er på høring, må ha en høringsfrist.")


def test_an_adoption_step_without_a_body_is_refused(post_plan):
    response = post_plan(
        adoption_steps=inline_formset([{"body": "", "body_name": "", "date": "2023-11-21"}])
    )
    assert response.status_code == 200
    assertContains(response, "Velg organet som vedtok planen, eller skriv navnet i fritekstfeltet.")


def test_a_valid_plan_is_created(post_plan, index):
    response = post_plan(
        status="hearing",
        hearing_deadline="2025-04-01",
        adoption_steps=inline_formset(
            [{"body": "", "body_name": "Kommunestyret", "date": "2025-06-19", "case": ""}]
        ),
    )
    assert response.status_code == 302
    plan = PlanPage.objects.get(slug="handlingsplan-klima")
    assert plan.get_parent().pk == index.pk
    assert plan.hearing_deadline == datetime.date(2025, 4, 1)
    assert str(plan.adoption_steps.get()) == "Kommunestyret 19.06.2025"
