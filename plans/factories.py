import datetime

import factory
import wagtail_factories

from .models import (
    PlanAdoptionStep,
    PlanAttachment,
    PlanIndexPage,
    PlanPage,
    PlanStatus,
    PlanType,
    RelatedPlan,
)


class PlanIndexPageFactory(wagtail_factories.PageFactory):
    title = "Planer"
    slug = "planer"
    show_in_menus = True

    class Meta:
        model = PlanIndexPage


class PlanPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Temaplan {n}")
    plan_type = PlanType.THEMATIC_PLAN
    owning_unit = "Helse og velferd"
    period_from = 2024
    period_to = 2027
    status = PlanStatus.ADOPTED

    class Meta:
        model = PlanPage


class PlanAdoptionStepFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(PlanPageFactory)
    body_name = "Kommunestyret"
    date = datetime.date(2023, 11, 21)

    class Meta:
        model = PlanAdoptionStep


class RelatedPlanFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(PlanPageFactory)
    title = "Kommunedelplan helse og velferd"

    class Meta:
        model = RelatedPlan


class PlanAttachmentFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(PlanPageFactory)
    document = factory.SubFactory(wagtail_factories.DocumentFactory)

    class Meta:
        model = PlanAttachment
