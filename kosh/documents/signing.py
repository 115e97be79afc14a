"""The issuing body's key and certificate, PAdES signatures on issued PDFs and their check
(pyHanko). Production reads the key and certificate from settings (``KOSH_SIGNING_KEY``,
``KOSH_SIGNING_CERT``: a path or the PEM text); the demo and the tests use a key pair made by
``kosh documents keys`` under ``KOSH_SIGNING_DIR``."""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from kosh.errors import DomainError

KEY_FILE = "signing-key.pem"
CERT_FILE = "signing-cert.pem"
SIGNATURE_FIELD = "KoshSignature"


def signing_keys_make(directory: Path) -> bool:
    """Create a demo key pair (EC P-256) and a self-signed certificate in ``directory``
    unless both files are there already. True when they were created."""
    key_path, cert_path = directory / KEY_FILE, directory / CERT_FILE
    if key_path.exists() and cert_path.exists():
        return False
    directory.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kosh demo issuing body"),
        x509.NameAttribute(NameOID.COMMON_NAME, "Kosh demo document signing (not for use)"),
    ])
    usage = x509.KeyUsage(
        digital_signature=True, content_commitment=True, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=False,
        encipher_only=False, decipher_only=False,
    )
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        # wide validity: tests travel in time, and a demo must not expire under a user
        .not_valid_before(datetime(2000, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(2099, 12, 31, tzinfo=UTC))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return True


def _pem(value: str) -> bytes:
    """A setting that holds PEM text, or the path of a PEM or DER file."""
    if value.lstrip().startswith("-----BEGIN"):
        return value.encode()
    return Path(value).read_bytes()


def _material() -> tuple[bytes, bytes] | None:
    """(key, certificate) as configured, or None when there is none to use."""
    if settings.KOSH_SIGNING_KEY and settings.KOSH_SIGNING_CERT:
        return _pem(settings.KOSH_SIGNING_KEY), _pem(settings.KOSH_SIGNING_CERT)
    directory = Path(settings.KOSH_SIGNING_DIR)
    if settings.KOSH_SIGNING_DEMO_KEYS and (directory / KEY_FILE).exists():
        return (directory / KEY_FILE).read_bytes(), (directory / CERT_FILE).read_bytes()
    return None


def signing_certificate() -> asn1_x509.Certificate | None:
    """The issuing body's certificate: the trust root against which signatures are checked."""
    material = _material()
    return next(iter(load_certs_from_pemder_data(material[1]))) if material else None


def pdf_sign(pdf: bytes) -> tuple[bytes, str]:
    """Sign ``pdf`` (PAdES B-B) with the issuing body's key: the signed file and the SHA-256
    fingerprint of the certificate. Refused when no key is configured."""
    material = _material()
    if material is None:
        raise DomainError("signing_key_missing",
                          _("No signing key is configured: the document cannot be issued."),
                          field="outcome")
    key_pem, cert_pem = material
    cert = next(iter(load_certs_from_pemder_data(cert_pem)))
    signer = signers.SimpleSigner(
        signing_cert=cert, signing_key=load_private_key_from_pemder_data(key_pem, None),
        cert_registry=SimpleCertificateStore.from_certs([cert]),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD, subfilter=SigSeedSubFilter.PADES,
        reason="Issued by the competent body of the Republic of Kazakhstan",
        location="Kazakhstan",
    )
    out = signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf)), meta, signer=signer)
    return out.getvalue(), hashlib.sha256(cert.dump()).hexdigest()


@dataclass(frozen=True)
class SignatureCheck:
    """The outcome of checking a PDF's signature: ``valid`` (intact, and signed by the
    issuing body's certificate), ``invalid`` (changed, or another signer) or ``unsigned``."""

    status: str
    signer: str = ""
    signed_at: datetime | None = None

    @property
    def valid(self) -> bool:
        return self.status == "valid"


def pdf_signature_check(pdf: bytes) -> SignatureCheck:
    """Validate the signature of ``pdf`` with pyHanko against the configured certificate as
    trust root. A file that cannot be read as a signed PDF is ``invalid``."""
    root = signing_certificate()
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
        if not embedded:
            return SignatureCheck("unsigned")
        if root is None:
            return SignatureCheck("invalid")
        status = validate_pdf_signature(embedded[-1], ValidationContext(trust_roots=[root]))
    except Exception:  # any damage to the file means it is not the one issued
        return SignatureCheck("invalid")
    good = (status.bottom_line and status.intact and status.valid and status.trusted
            and status.coverage == SignatureCoverageLevel.ENTIRE_FILE)  # nothing appended
    return SignatureCheck("valid" if good else "invalid",
                          signer=status.signing_cert.subject.human_friendly,
                          signed_at=status.signer_reported_dt)
