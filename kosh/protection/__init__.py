"""Asylum and statelessness: applications with their deadlines, certificates, decisions and
the stateless persons' register. Files here are the asylum unit's only
(``Capability.MANAGE_ASYLUM``); see docs/protection.md."""
