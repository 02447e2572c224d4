from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "danvan.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from danvan.core import audit_present as _present
        from danvan.core import modules
        from danvan.organizations.roles import STAFF_AREA_PERMISSION
        from danvan.reports import policies
        from danvan.reports.audit_actions import AuditAction as _AuditAction
        from danvan.reports.home_blocks import BLOCKS

        _present.register_actions(_AuditAction)
        modules.register(
            modules.Module(
                key="reports.dashboard",
                title=_("Dashboard"),
                description=_(
                    "Letters received, resolved, on time and overdue, and the people's "
                    "satisfaction, by unit, handler, month, kind, field, province and channel."
                ),
                url_name="reports:dashboard",
                permission=STAFF_AREA_PERMISSION,
            )
        )
        for block in BLOCKS:
            modules.register_block(block)
        for key, title, description, url_name in (
            ("reports.periodic", _("Periodic reports"),
             _("Reception, letter handling and resolution tables for a period (TT 01/2024)."),
             "reports:periodic"),
            ("reports.register_book", _("Register book"),
             _("The register of letters (sổ theo dõi đơn) for a period."),
             "reports:register-book"),
            ("reports.national", _("National database export"),
             _("The letters' fields for the national database (NĐ 55/2022)."),
             "reports:national"),
        ):  # fmt: skip
            modules.register(
                modules.Module(
                    key=key,
                    title=title,
                    description=description,
                    url_name=url_name,
                    permission=STAFF_AREA_PERMISSION,
                    allowed=policies.may_report,
                )
            )
