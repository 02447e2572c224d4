"""``/open311/v2/``: Open311 GeoReport v2; every other address under it is the standard's 404."""

from django.urls import re_path

from danvan.api.open311 import views

app_name = "open311"

_FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^discovery" + _FMT, views.DiscoveryView.as_view(), name="discovery"),
    re_path(r"^services" + _FMT, views.ServiceListView.as_view(), name="service-list"),
    re_path(
        r"^services/(?P<code>[^/]{1,200})" + _FMT,
        views.ServiceDefinitionView.as_view(),
        name="service-definition",
    ),
    re_path(r"^requests" + _FMT, views.RequestListView.as_view(), name="request-list"),
    re_path(
        r"^requests/(?P<request_id>[^/]{1,100})" + _FMT,
        views.RequestDetailView.as_view(),
        name="request-detail",
    ),
    re_path(r"^tokens/(?P<token>[^/]{1,100})" + _FMT, views.TokenView.as_view(), name="token"),
    re_path(r"^.*$", views.not_found, name="not-found"),
]
