"""Campaigns and print supports for local shops, and the territories' help pages (issue 18)."""
