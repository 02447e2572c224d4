from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "danvan.letters"
    label = "letters"
    verbose_name = _("Letters")

    def ready(self) -> None:
        from danvan.core import modules
        from danvan.documents.templates import register_defaults
        from danvan.letters.choices import RuleKey
        from danvan.letters.home_blocks import BLOCKS
        from danvan.letters.legal_bases import LEGAL_BASES
        from danvan.letters.notices import NOTICE_DEFAULTS
        from danvan.letters.party_workflow import PARTY_WORKFLOW
        from danvan.letters.rules_seed import KEY_BASIS
        from danvan.letters.services.party import register_runners
        from danvan.letters.work_items import (
            case_file_items,
            case_items,
            denunciation_items,
            letter_items,
            publication_items,
        )
        from danvan.letters.workflows import CASE_WORKFLOW, LETTER_WORKFLOW
        from danvan.organizations.roles import STAFF_AREA_PERMISSION
        from danvan.workflow import approvals, rules, work_items

        register_defaults(NOTICE_DEFAULTS)
        for block in BLOCKS:
            modules.register_block(block)
        rules.register_rule_keys("letters", RuleKey, KEY_BASIS)
        rules.register_legal_bases("letters", LEGAL_BASES)
        work_items.register_source("letters", "letters", letter_items)
        work_items.register_source("letters", "cases", case_items)
        work_items.register_source("letters", "denunciations", denunciation_items)
        work_items.register_source("letters", "case_files", case_file_items)
        work_items.register_source("letters", "publications", publication_items)
        # The head decides; officers propose (DOMAIN.md §12.1d).
        approvals.register_workflow(LETTER_WORKFLOW)
        approvals.register_workflow(CASE_WORKFLOW)
        # The party track: its own workflow, the head of the party body decides (§12.5).
        approvals.register_workflow(PARTY_WORKFLOW)
        register_runners()
        # Generic pages (a proposal about a letter, the audit trail) show texts about a letter
        # as the reader may see them (the denouncer's identity, Luật Tố cáo Art. 47).
        from danvan.core.shields import register_shield
        from danvan.letters.models import Case, Letter, PartyCase
        from danvan.letters.protection import shield_of

        for model in (Letter, Case, PartyCase):
            register_shield(model, shield_of)

        # The trail reads the letters' actions by their labels, names letters and cases by
        # their numbers, finds them by those numbers, and opens to the leaders of a unit the
        # entries about the unit's letters.
        from danvan.core import audit_present as _present
        from danvan.core import audit_selectors
        from danvan.core import policies as core_policies
        from danvan.letters import trail
        from danvan.letters.audit_actions import AuditAction as _AuditAction

        _present.register_actions(_AuditAction)
        _present.register_target_labels(Letter, trail.letter_labels)
        _present.register_target_labels(Case, trail.case_labels)
        _present.register_target_labels(PartyCase, trail.party_case_labels)
        audit_selectors.register_search("letters", trail.search)
        core_policies.register_trail_scope("letters.unit_leader", trail.leader_scope)

        modules.register(
            modules.Module(
                key="letters.letters",
                title=_("Letters"),
                description=_(
                    "Register, classify and handle feedback, petitions, complaints and "
                    "denunciations received by your units."
                ),
                url_name="letters:staff-letter-list",
                permission=STAFF_AREA_PERMISSION,
            )
        )
        modules.register(
            modules.Module(
                key="letters.cases",
                title=_("Cases"),
                description=_("Accepted letters being resolved: deadlines, work and decisions."),
                url_name="letters:staff-case-list",
                permission=STAFF_AREA_PERMISSION,
            )
        )
