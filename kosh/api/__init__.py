"""The typed REST API (django-ninja): one router per capability, OpenAPI at /api/docs."""
