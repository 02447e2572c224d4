from django.apps import AppConfig


class KitAppConfig(AppConfig):
    name = "danvan.workflow.tests.kitapp"
    label = "kitapp"
    verbose_name = "Workflow kit test module"

    def ready(self) -> None:
        from danvan.workflow import approvals, rules
        from danvan.workflow.tests.kitapp import models
        from danvan.workflow.tests.kitapp.workflows import PERMIT_WORKFLOW

        rules.register_rule_keys("kitapp", models.PermitRuleKey, models.RULE_BASIS)
        rules.register_duty_keys("kitapp", models.PermitDutyKey, models.DUTY_BASIS)
        rules.register_legal_bases("kitapp", models.LEGAL_BASES)
        approvals.register_workflow(PERMIT_WORKFLOW)
