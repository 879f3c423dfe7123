"""The one exception hierarchy of Tidings.

Every error raised on purpose derives from :class:`TidingsError` and carries a
message a person can act on. Library errors (aiohttp, lxml, SQLAlchemy, ...)
are wrapped at the module border where they occur; callers never need to
catch a third-party exception. HTTP surfaces map these classes to status codes
in one place.
"""

from __future__ import annotations


class TidingsError(Exception):
    """Root of every error Tidings raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


# --- configuration and storage ---------------------------------------------


class ConfigError(TidingsError):
    """A setting is missing or invalid."""


class StorageError(TidingsError):
    """The database could not do what was asked."""


class SchemaOutOfDateError(StorageError):
    """The database schema is older (or newer) than this version of Tidings."""


class NotFoundError(TidingsError):
    """Something asked for by id or address does not exist (or is not yours)."""


class FeedNotFoundError(NotFoundError):
    """No such feed, or the user does not follow it."""


class EntryNotFoundError(NotFoundError):
    """No such entry, or the user cannot see it."""


class AlreadyExistsError(TidingsError):
    """The thing being created exists already."""


# --- fetching ----------------------------------------------------------------


class FetchError(TidingsError):
    """A document could not be fetched. ``url`` is the address that failed."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class UnsafeURLError(FetchError):
    """The address is not one Tidings will fetch (scheme, credentials, syntax)."""


class BlockedAddressError(UnsafeURLError):
    """The address resolves to a private, loopback or otherwise reserved network."""


class ResponseTooLargeError(FetchError):
    """The body, once decoded, is larger than the configured limit."""


class FetchTimeoutError(FetchError):
    """The server did not answer, or did not finish answering, in time."""


class RedirectError(FetchError):
    """Too many redirects, a redirect loop, or a redirect without a target."""


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, message: str, *, url: str | None = None, status: int) -> None:
        super().__init__(message, url=url)
        self.status = status


class FeedGoneError(HTTPStatusError):
    """410 Gone: the publisher says this feed will never come back."""


class RateLimitedError(HTTPStatusError):
    """429 or 503 with Retry-After: the server asked us to wait."""

    def __init__(
        self, message: str, *, url: str | None = None, status: int, retry_after: object = None
    ) -> None:
        super().__init__(message, url=url, status=status)
        self.retry_after = retry_after  # datetime | None (UTC)


# --- parsing ----------------------------------------------------------------


class ParseError(TidingsError):
    """A document could not be understood."""


class NotAFeedError(ParseError):
    """The document is not a feed (an HTML page, an empty body, an image...)."""


class UnsafeXMLError(ParseError):
    """The XML uses entity declarations or external references Tidings refuses."""


class OPMLError(ParseError):
    """An OPML document could not be read."""


class DiscoveryError(TidingsError):
    """No feed could be found at or from the given address."""


# --- storage (added by the store) ----------------------------------------------


class UserNotFoundError(NotFoundError):
    """No user with that name or id."""


class FolderNotFoundError(NotFoundError):
    """No such folder for this user."""


# --- full text -----------------------------------------------------------------


class InvalidSiteRuleError(TidingsError):
    """A site rule's host or CSS selector cannot be used."""


class SiteRuleNotFoundError(NotFoundError):
    """No site rule for that host."""


# --- stories -------------------------------------------------------------------


class StoryNotFoundError(NotFoundError):
    """No such story, or none of its entries comes from a feed the user follows."""


# --- team: roles, invitations, picks ------------------------------------------


class PermissionDeniedError(TidingsError):
    """The signed-in user's role does not allow this (an admin's or an editor's action)."""


class InvitationError(TidingsError):
    """An invitation link cannot be used (unknown, expired, already used or revoked)."""


class InvitationNotFoundError(InvitationError, NotFoundError):
    """No invitation with that link or id."""


class InvitationUnusableError(InvitationError, NotFoundError):
    """The invitation exists but has expired, was used or was revoked."""


class RegistrationClosedError(PermissionDeniedError):
    """Registration is closed: people join with an invitation link."""


class ConflictError(TidingsError):
    """The change conflicts with the current state of what it changes."""


class LastAdminError(ConflictError):
    """The change would leave no enabled admin who can sign in."""


class InvalidUsernameError(TidingsError):
    """A new username is empty, too long, uses characters we do not allow, or is taken."""


class PickNotFoundError(NotFoundError):
    """No pick with that id."""


class NotPickedError(NotFoundError):
    """Unpinning a story that is not among the picks."""
