from django.apps import AppConfig


class KitAppConfig(AppConfig):
    name = "danvan.workflow.tests.kitapp"
    label = "kitapp"
    verbose_name = "Workflow kit test module"
