from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "danvan.organizations"
    label = "organizations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from danvan.core import audit_present as _present
        from danvan.organizations.audit_actions import AuditAction as _AuditAction

        _present.register_actions(_AuditAction)
        from danvan.organizations import trail

        # The trail names staff with their roles and units, citizens by account number only.
        _present.register_people(trail.describe, trail.search)
        from danvan.organizations.models import Unit

        _present.register_target_labels(Unit, trail.unit_labels)
        from danvan.core import modules
        from danvan.organizations.roles import STAFF_AREA_PERMISSION

        modules.register(
            modules.Module(
                key="organizations.directory",
                title=_("Unit directory"),
                description=_(
                    "The units you work in and those below them, with their competences."
                ),
                url_name="organizations:unit-list",
                permission=STAFF_AREA_PERMISSION,
            )
        )
        modules.register(
            modules.Module(
                key="organizations.admin",
                title=_("Administration"),
                description=_("Units, competences, memberships, fields and administrative areas."),
                url_name="admin:index",
                permission="organizations.change_unit",
            )
        )
