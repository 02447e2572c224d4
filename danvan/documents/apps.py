from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "danvan.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from danvan.core import audit_present as _present
        from danvan.documents.audit_actions import AuditAction as _AuditAction

        _present.register_actions(_AuditAction)
        from danvan.core import modules
        from danvan.organizations.roles import STAFF_AREA_PERMISSION

        modules.register(
            modules.Module(
                key="documents.register",
                title=_("Outgoing register"),
                description=_("Documents issued by your units, with their numbers and files."),
                url_name="documents:register",
                permission=STAFF_AREA_PERMISSION,
            )
        )
        modules.register(
            modules.Module(
                key="documents.signatures",
                title=_("Documents to sign and issue"),
                description=_(
                    "Approved drafts awaiting your signature and, for clerks, signed documents "
                    "to number and issue."
                ),
                url_name="documents:signatures",
                permission=STAFF_AREA_PERMISSION,
            )
        )
