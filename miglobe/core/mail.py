"""Django's SMTP backend, able to deliver to addresses with a UTF-8 mailbox name (RFC 6531).

Django sends `müller@exämple.de` as `=?utf-8?q?m=C3=BCller?=@xn--exmple-cua.de` – an RFC 2047 word, which is
allowed in a display name but names no mailbox. For such a message this backend asks the server for
SMTPUTF8 and sends the mailbox as UTF-8, in the envelope and in the address headers. A server without
SMTPUTF8 refuses with SMTPNotSupportedError, which the outbox records as a permanent failure. Messages with
ASCII addresses (all but a few) go exactly the way Django sends them.
"""

import smtplib
from email.header import Header
from email.utils import getaddresses

from django.conf import settings
from django.core.mail.backends import smtp
from django.core.mail.message import sanitize_address

from .addresses import envelope_address, needs_smtputf8

ADDRESS_HEADERS = ("From", "To", "Cc", "Reply-To")


def _utf8_header(value: str, encoding: str) -> str:
    parts = []
    for name, address in getaddresses([value]):
        if not needs_smtputf8(address):
            parts.append(sanitize_address((name, address), encoding))
            continue
        mailbox = envelope_address(address)
        parts.append(f"{Header(name, encoding).encode()} <{mailbox}>" if name else mailbox)
    # Raw UTF-8 in the header (RFC 6532): smuggled past the ASCII-only compat32 policy as surrogates,
    # which `as_bytes` turns back into the same bytes.
    return ", ".join(parts).encode("utf-8").decode("ascii", "surrogateescape")


class EmailBackend(smtp.EmailBackend):
    def _send(self, email_message):
        addresses = [email_message.from_email, *email_message.recipients()]
        if not any(needs_smtputf8(address) for _name, address in getaddresses(addresses)):
            return super()._send(email_message)
        if not email_message.recipients():
            return False
        encoding = email_message.encoding or settings.DEFAULT_CHARSET
        from_email = envelope_address(getaddresses([email_message.from_email])[0][1])
        recipients = [envelope_address(address) for _name, address in getaddresses(email_message.recipients())]
        message = email_message.message()
        for header in ADDRESS_HEADERS:
            if message[header]:
                # Not message[header] = …: Django's message class would encode the mailbox again.
                original = ", ".join(getattr(email_message, header.lower().replace("-", "_"), []) or [])
                if header == "From":
                    original = email_message.from_email
                if original:
                    message.replace_header(header, _utf8_header(original, encoding))
        try:
            self.connection.sendmail(
                from_email, recipients, message.as_bytes(linesep="\r\n"), mail_options=["SMTPUTF8"]
            )
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True
