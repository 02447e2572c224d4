from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "danvan.api"
    label = "api"
    verbose_name = _("API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from danvan.api import schema as _schema  # noqa: F401  (the key's security scheme)
        from danvan.api.audit_actions import AuditAction as _AuditAction
        from danvan.core import audit_present as _present

        _present.register_actions(_AuditAction)
