from django.views.generic import TemplateView


class LetterListView(TemplateView):
    template_name = "letters/staff/letter_list.html"


class LetterDetailView(TemplateView):
    template_name = "letters/staff/letter_detail.html"


class CaseListView(TemplateView):
    template_name = "letters/staff/case_list.html"


class CaseDetailView(TemplateView):
    template_name = "letters/staff/case_detail.html"
