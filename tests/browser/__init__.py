"""Browser tests of the quiz self-checks (Playwright driving Debian's Chromium)."""
