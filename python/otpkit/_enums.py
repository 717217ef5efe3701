"""otpkit's simple enums, as Python :class:`enum.Enum` classes.

The native module maps each to the Rust enum of the same name by member order and checks the
names on first use (python/src/enums.rs, ``py_enum!``): keep the order in step with it.
"""

from __future__ import annotations

import enum

__all__ = [
    "InvalidInputKind",
    "AuthenticationKind",
    "StorageFailureKind",
    "HashAlgorithm",
]


class InvalidInputKind(enum.Enum):
    """Which input :class:`otpkit.OtpError.InvalidInput` is about."""

    SECRET = 1  #: an OTP secret (empty, not base32/hex, bad PIN, bad length)
    PARAMETERS = 2  #: code parameters, or a number out of range (``field`` names it)
    URI = 3  #: an otpauth:// URI
    MIGRATION = 4  #: a Google Authenticator migration payload
    ORIGIN_BOUND = 5  #: the last line of a message is not an origin-bound code
    APP_HASH = 6  #: the package name or certificate for an Android app hash
    MESSAGE = 7  #: a message to format (code shape, host, service, language)
    SERVER_CONFIG = 8  #: a server configuration value
    REQUEST = 9  #: an out-of-band request (purpose, subject, number, address)
    ACCOUNT = 10  #: an account's fields or id
    BACKUP = 11  #: a backup file to import (not that format, damaged, unsupported, too large)
    EXPORT = 12  #: accounts that cannot be exported in the requested format
    PASSPHRASE = 13  #: an empty passphrase or unusable key-derivation settings
    SENDER_ID = 14  #: a sender id refused by a rule (`field` names the rule)


class AuthenticationKind(enum.Enum):
    """Why :class:`otpkit.OtpError.Authentication` was raised."""

    WRONG_PASSPHRASE = 1  #: the vault passphrase or key did not unlock it
    WRONG_PASSWORD = 2  #: the password did not decrypt the backup
    PASSWORD_REQUIRED = 3  #: the backup is encrypted and no password was given


class StorageFailureKind(enum.Enum):
    """Why :class:`otpkit.OtpError.Storage` was raised."""

    LOCKED = 1  #: another writer holds the vault's or account file's lock
    CORRUPTED = 2  #: not a vault, truncated, damaged, newer version, or KDF above the limits
    UNSUPPORTED = 3  #: the operation does not apply to this store
    BACKEND = 4  #: a file or secret-store operation failed
    KEY_LOST = 5  #: the secret store's key is gone for good (re-enrol the secrets)


class HashAlgorithm(enum.Enum):
    """Hash function of an OTP (``MD5`` for mOTP only)."""

    SHA1 = 1
    SHA224 = 2
    SHA256 = 3
    SHA384 = 4
    SHA512 = 5
    SHA3_224 = 6
    SHA3_256 = 7
    SHA3_384 = 8
    SHA3_512 = 9
    MD5 = 10


# --- codes, URIs, migration enums ---

# --- end codes ---


# --- receiver enums ---

__all__ += ["CodeEvidence", "SmsEncoding", "PushStyle", "AppHashMatch"]


class CodeEvidence(enum.Enum):
    """What supports a code found by :func:`otpkit.extract_code`."""

    ORIGIN_BOUND = 1  #: the origin-bound last line ``@host #code``
    KEYWORD = 2  #: a keyword near the code
    LAYOUT = 3  #: the code stands alone on its line


class SmsEncoding(enum.Enum):
    """SMS encoding of a body."""

    GSM7 = 1  #: GSM 03.38 7-bit (160 septets per segment, 153 when concatenated)
    UCS2 = 2  #: UCS-2 (70 code units per segment, 67 when concatenated)


class PushStyle(enum.Enum):
    """How :func:`otpkit.push_message` styles its text."""

    PUSH = 1  #: a plain push notification
    WHATS_APP = 2  #: WhatsApp (the code in bold)


class AppHashMatch(enum.Enum):
    """Whether an SMS carries an app's SMS Retriever hash (:func:`otpkit.check_app_hash`)."""

    PRESENT = 1  #: the hash is in the message as a whole token
    MISSING = 2  #: the message does not carry it: meant for another app (or none)

# --- end receiver ---


# --- storage enums ---

__all__ += ["ImportFormat", "ExportFormat"]


class ImportFormat(enum.Enum):
    """The format of another app's backup (``AUTO``: detect it from the content)."""

    AUTO = 1
    OTPAUTH = 2  #: otpauth:// URIs, one per line
    GOOGLE = 3  #: Google Authenticator migration URIs
    AEGIS = 4
    TWO_FAS = 5
    ENTE = 6
    PROTON = 7
    AND_OTP = 8
    FREE_OTP_PLUS = 9
    FREE_OTP = 10
    BITWARDEN = 11
    AUTHY = 12
    STRATUM = 13
    STEAM = 14
    LAST_PASS = 15
    PROTON_PASS = 16


class ExportFormat(enum.Enum):
    """An export format. Plain exports hold the secrets in clear text."""

    OTPAUTH = 1  #: otpauth URIs, one per line
    GOOGLE = 2  #: Google Authenticator migration URIs (one per QR code), one per line
    AEGIS = 3  #: Aegis vault JSON; encrypted when a password is given

# --- end storage ---


# --- server enums ---

__all__ += ["MalformedReason", "LimitScope", "DeliveryChannel"]


class MalformedReason(enum.Enum):
    """Why a submitted code has the wrong shape (nothing compared, no attempt taken)."""

    EMPTY = 1  #: nothing but separators
    BAD_CHARACTER = 2  #: a character that is not in the code's alphabet
    WRONG_LENGTH = 3  #: not the expected number of characters
    TOO_LONG = 4  #: longer than any code (refused before any work)


class LimitScope(enum.Enum):
    """Which send limit refused an out-of-band delivery."""

    DESTINATION = 1
    IP = 2
    PREFIX = 3
    COUNTRY = 4
    GLOBAL = 5
    COOLDOWN = 6  #: the per-challenge resend cooldown
    CHALLENGE_SENDS = 7  #: the per-challenge maximum number of sends


class DeliveryChannel(enum.Enum):
    """How an out-of-band code is delivered."""

    SMS = 1
    VOICE = 2
    WHATS_APP = 3
    EMAIL = 4


# --- end server ---


# --- delivery enums ---

__all__ += ["ProviderKind", "DeliveryStatus", "TextlocalRegion", "SendFailure"]


class ProviderKind(enum.Enum):
    """The SMS/voice/WhatsApp vendors otpkit has adapters for."""

    TWILIO = 1
    VONAGE = 2
    MESSAGE_BIRD = 3  #: Bird (formerly MessageBird)
    SLEEK_FLOW = 4  #: SleekFlow (WhatsApp Business)
    TEXTLOCAL = 5
    DEXATEL = 6
    LABS_MOBILE = 7


class DeliveryStatus(enum.Enum):
    """Where a sent message stands, merged from its delivery reports."""

    ACCEPTED = 1  #: the provider took the message (queued, accepted)
    SENT = 2  #: handed to the carrier or WhatsApp; not yet confirmed on the handset
    DELIVERED = 3  #: confirmed delivered to the handset (or the call was answered)
    FAILED = 4  #: failed or rejected downstream
    EXPIRED = 5  #: the carrier gave up when the message's validity ran out


class TextlocalRegion(enum.Enum):
    """Which Textlocal platform an account is on."""

    INTERNATIONAL = 1  #: ``api.txtlocal.com`` (UK and international)
    INDIA = 2  #: ``api.textlocal.in``: DLT rules, 6-letter registered headers


class SendFailure(enum.Enum):
    """Why a send failed (:class:`otpkit.DispatchOutcome.SEND_FAILED`)."""

    INVALID = 1  #: the message cannot be sent as asked (channel, destination, configuration)
    REJECTED = 2  #: the provider refused it (``provider_code`` when it gave one)
    UNAUTHORIZED = 3  #: the provider refused the credentials
    RATE_LIMITED = 4  #: the provider's rate limit, after every allowed retry
    UNAVAILABLE = 5  #: the provider or the connection failed, after every allowed retry
    PROTOCOL = 6  #: the provider answered something its documentation does not describe

# --- end delivery ---
