"""Commands for trainers writing content: scaffolding new files, and the quiz-quality linter."""

from __future__ import annotations
