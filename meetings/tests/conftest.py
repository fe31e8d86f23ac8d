import datetime

import pytest

from meetings.factories import BodyIndexPageFactory, BodyPageFactory, MeetingPageFactory


class Tree:
    """Home → Politikk → Driftskomiteen, with one meeting on 25.09.2019."""

    def __init__(self, home):
        self.home = home
        self.index = BodyIndexPageFactory(parent=self.home)
        self.body = BodyPageFactory(
            parent=self.index, title="Driftskomiteen", slug="driftskomiteen"
        )
        self.meeting = MeetingPageFactory(parent=self.body, date=datetime.date(2019, 9, 25))


@pytest.fixture
def tree(home):
    return Tree(home)
