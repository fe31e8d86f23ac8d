"""Shared pytest fixtures: a built demo site and a browser when Chromium is installed."""

import pytest


@pytest.fixture
def demo_site(db):
    """The full demo site as `load_demo` builds it."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    from home.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def site_tree(db):
    """Home with two bodies and a plan index, as the default site (no demo content)."""
    from wagtail.models import Page, Site

    from home.factories import HomePageFactory
    from meetings.factories import BodyIndexPageFactory, BodyPageFactory
    from plans.factories import PlanIndexPageFactory

    home = HomePageFactory(parent=Page.get_first_root_node())
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    body_index = BodyIndexPageFactory(parent=home)
    return {
        "home": home,
        "body": BodyPageFactory(parent=body_index, title="Driftskomiteen", slug="driftskomiteen"),
        "other": BodyPageFactory(parent=body_index, title="Eldrerådet", slug="eldreradet"),
        "plans": PlanIndexPageFactory(parent=home),
    }


@pytest.fixture
def publish():
    """Publish a new revision of a page with some fields changed, as an editor would."""
    from wagtail.models import Page

    def publish_page(page, *, tags=(), **changes):
        draft = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
        for name, value in changes.items():
            setattr(draft, name, value)
        if tags:
            draft.tags.add(*tags)
        revision = draft.save_revision()
        revision.publish()
        return revision

    return publish_page
