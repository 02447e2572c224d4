from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "danvan.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from danvan.accounts.audit_actions import AuditAction as _AuditAction
        from danvan.core import audit_present as _present

        _present.register_actions(_AuditAction)
        from danvan.accounts import receivers  # noqa: F401  (connects the audit receivers)
