from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "danvan.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from danvan.core import audit_present as _present
        from danvan.notifications.audit_actions import AuditAction as _AuditAction

        _present.register_actions(_AuditAction)
        from danvan.notifications import checks  # noqa: F401  (registers the system checks)
