from django.urls import path

from danvan.workflow.tests.kitapp.views import PermitTrackView

urlpatterns = [path("tra-cuu-giay-phep/", PermitTrackView.as_view(), name="kitapp-track")]
