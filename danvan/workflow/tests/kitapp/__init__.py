"""A small test-only module built on the workflow kit: permits (other states, other rule keys),
installed only by the test settings. It imports nothing from any feature context."""
