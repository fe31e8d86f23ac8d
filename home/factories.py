import wagtail_factories

from .models import HomePage, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Testkommune"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = "Om nettstedet"
    intro = "<p>Om oss.</p>"

    class Meta:
        model = StandardPage
