"""MkDocs hook for the plain baseline build: the same theme output as the plugin's.

The plugin trims and compacts the theme's templates as Jinja loads them (see
``CoursePlugin.on_env``). The baseline applies the same, so that the two builds write the same
pages and the comparison measures only the plugin's own work.
"""

from __future__ import annotations

from typing import Any

from generator.plugin.compact import CompactTemplates


def on_env(env: Any, config: Any, files: Any) -> Any:
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.add_extension(CompactTemplates)
    return env
