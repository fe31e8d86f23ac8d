from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve as serve_static
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import health, sitemaps, views
from opendata import views as opendata_views
from opendata.api import api_router

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("dokumenter/", include(wagtaildocs_urls)),
    path("sok/", views.search, name="search"),
    path("tema/", views.tag_index, name="tag_index"),
    path("tema/<str:slug>/", views.tag_page, name="tag_page"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    re_path(
        rf"^sitemap-(?P<section>{'|'.join(sitemaps.SECTIONS)})\.xml$",
        sitemaps.section,
        name="sitemap_section",
    ),
    path("healthz", health.healthz, name="healthz"),
    path("robots.txt", opendata_views.robots_txt, name="robots_txt"),
    path("oparl/v1/", include("opendata.urls")),
    path("api/v2/", api_router.urls),
    path("", include("cms.feeds")),
    path("", include("alerts.urls")),
    path("", include("meetings.urls")),
]

if settings.SERVE_MEDIA:
    # Uploaded images for `make run` without a separate web server; production uses S3 or nginx.
    # Only images: documents go through /dokumenter/, where exempt attachments are refused.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>(?:original_images|images)/.*)$",
            serve_static,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]
