"""Issued documents: frozen at issue (PDF and its SHA-256), signed (PAdES), verifiable by the
public without enumeration, and revocable. The ``IssuedDocument`` itself lives in
``kosh.cases``; this capability keeps its file, signature and revocation."""
