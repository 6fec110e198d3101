"""Commands that speak other tools' formats: ATT&CK import and check, and the exports."""

from __future__ import annotations
