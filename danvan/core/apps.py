from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "danvan.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from danvan.core import audit_present, modules, policies
        from danvan.core.audit_actions import AuditAction

        audit_present.register_actions(AuditAction)

        modules.register(
            modules.Module(
                key="core.audit",
                title=_("Audit trail"),
                description=_("Browse and filter the record of significant actions."),
                url_name="core:audit-list",
                permission=policies.VIEW_AUDIT_PERMISSION,
                # Unit leaders read their unit's letters' entries (a scope of letters).
                allowed=policies.can_open_trail,
            )
        )
