"""Development settings: the default when DJANGO_SETTINGS_MODULE is not set."""

from .base import *  # noqa: F401,F403
