import datetime

import pytest
from wagtail.models import Page, Site

from home.factories import HomePageFactory
from meetings.factories import BodyIndexPageFactory, BodyPageFactory, MeetingPageFactory


class Tree:
    """Home → Politikk → Driftskomiteen, with one meeting on 25.09.2019."""

    def __init__(self):
        root = Page.get_first_root_node()
        self.home = HomePageFactory(parent=root)
        site = Site.objects.get(is_default_site=True)
        site.root_page = self.home
        site.save()
        self.index = BodyIndexPageFactory(parent=self.home)
        self.body = BodyPageFactory(
            parent=self.index, title="Driftskomiteen", slug="driftskomiteen"
        )
        self.meeting = MeetingPageFactory(parent=self.body, date=datetime.date(2019, 9, 25))


@pytest.fixture
def tree(db):
    return Tree()
