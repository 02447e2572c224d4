"""Settings of the test suite: the platform's settings plus the workflow kit's test-only module
(a model with its own states and rule keys that imports nothing from the feature contexts)."""

from danvan.settings import *  # noqa: F403
from danvan.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "danvan.workflow.tests.kitapp"]
