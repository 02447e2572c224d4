from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "danvan.workflow"
    label = "workflow"
    verbose_name = _("Workflow rules")

    def ready(self) -> None:
        from danvan.workflow import registry
        from danvan.workflow.choices import WorkflowRuleKey
        from danvan.workflow.rules_seed import KEY_BASIS

        registry.register_rule_keys("workflow", WorkflowRuleKey, KEY_BASIS)
