import wagtail_factories

from .models import HomePage, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Testkommune"

    class Meta:
        model = HomePage


def default_site_home():
    """A HomePage as the root page of the default site: where every test tree starts."""
    from wagtail.models import Page, Site

    home = HomePageFactory(parent=Page.get_first_root_node())
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


class StandardPageFactory(wagtail_factories.PageFactory):
    title = "Om nettstedet"
    intro = "<p>Om oss.</p>"

    class Meta:
        model = StandardPage
