"""Admin for the audit trail (read-only)."""
