"""The workflow kit: what every feature context shares to move its objects through statuses under
dated legal rules — the rule tables (time limits, duties per period, legal bases), the policy
objects and the action views. The pure pieces (typed actor, versioned objects and their status
history, the gate) live in ``danvan.core``; this context sits above ``documents`` and below the
feature contexts, so it may use units, messages and documents.
"""
