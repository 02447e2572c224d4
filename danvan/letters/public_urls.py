"""The citizens' pages: send a letter (and sign it), track it, read published results."""

from django.urls import path

from danvan.letters.views import public

urlpatterns = [
    path("gui-don/", public.LetterSubmitView.as_view(), name="submit"),
    path("gui-don/ky-don/", public.LetterSignView.as_view(), name="sign"),
    path("gui-don/da-gui/", public.LetterSubmittedView.as_view(), name="submitted"),
    path("gui-don/xa-phuong/", public.WardOptionsView.as_view(), name="wards"),
    path("tra-cuu/", public.LetterTrackView.as_view(), name="track"),
    path(
        "tra-cuu/van-ban/<int:document_pk>/",
        public.LetterTrackDocumentView.as_view(),
        name="track-document",
    ),
    path("cong-khai-ket-qua/", public.PublicationListView.as_view(), name="publications"),
]
