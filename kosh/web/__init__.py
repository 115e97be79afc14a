"""The officer console and applicant pages: server-rendered templates with HTMX."""
