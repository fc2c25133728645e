"""Browser tests: the built site served locally and read by headless Chromium (Playwright)."""
