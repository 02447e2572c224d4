from django.urls import path

from danvan.letters.views import public

urlpatterns = [
    path("gui-don/", public.LetterSubmitView.as_view(), name="submit"),
    path("tra-cuu/", public.LetterTrackView.as_view(), name="track"),
    path("cong-khai-ket-qua/", public.PublicationListView.as_view(), name="publications"),
]
