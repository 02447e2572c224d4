from django.views.generic import TemplateView


class LetterSubmitView(TemplateView):
    template_name = "letters/public/submit.html"


class LetterTrackView(TemplateView):
    template_name = "letters/public/track.html"


class PublicationListView(TemplateView):
    template_name = "letters/public/publications.html"
