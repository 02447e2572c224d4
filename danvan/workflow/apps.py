from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "danvan.workflow"
    label = "workflow"
    verbose_name = _("Workflow rules")

    def ready(self) -> None:
        from danvan.core import audit_present as _present
        from danvan.workflow.audit_actions import AuditAction as _AuditAction

        _present.register_actions(_AuditAction)
        from danvan.core import modules
        from danvan.organizations.roles import STAFF_AREA_PERMISSION
        from danvan.organizations.services import register_grant_approval_check
        from danvan.workflow import approvals, registry
        from danvan.workflow import rules as _rules  # noqa: F401 (the rule stamp's receivers)
        from danvan.workflow.choices import WorkflowRuleKey
        from danvan.workflow.role_grants import ROLE_GRANT_SERVICE, confirm_approval
        from danvan.workflow.rules_seed import KEY_BASIS

        registry.register_rule_keys("workflow", WorkflowRuleKey, KEY_BASIS)
        approvals.register_service(ROLE_GRANT_SERVICE)
        # The organisations context gives an identity-reading role only on a confirmed approval.
        register_grant_approval_check(confirm_approval)
        modules.register(
            modules.Module(
                key="workflow.proposals",
                title=_("Proposals"),
                description=_(
                    "Proposals awaiting your approval, and yours returned with comments."
                ),
                url_name="workflow:proposals-awaiting",
                permission=STAFF_AREA_PERMISSION,
            )
        )
        from danvan.workflow.home_blocks import BLOCKS

        for block in BLOCKS:
            modules.register_block(block)
