"""Typed data that flows between the layers of Tidings.

These frozen dataclasses are the contracts at module borders: the fetcher
returns a :class:`FetchResult`, the parser a :class:`ParsedFeed`, the pure
decide step turns those into a :class:`FeedUpdate`, and the store applies it
in one transaction. ORM rows never leave ``tidings.store``; pydantic models
live only at the web edge and in settings.

All datetimes are timezone-aware UTC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

# --- parsing ------------------------------------------------------------------


class FeedFormat(StrEnum):
    RSS090 = "rss090"
    RSS091 = "rss091"
    RSS092 = "rss092"
    RSS10 = "rss10"
    RSS20 = "rss20"
    ATOM03 = "atom03"
    ATOM10 = "atom10"
    JSON10 = "json10"
    JSON11 = "json11"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Enclosure:
    """A media file attached to an entry (podcast episode, video, image)."""

    url: str
    type: str | None = None
    length: int | None = None  # bytes, as the feed declares it
    duration: int | None = None  # seconds (itunes:duration, media:content@duration)


@dataclass(frozen=True, slots=True)
class TranscriptLink:
    """A transcript or caption track the feed points to (podcast:transcript, media:subTitle)."""

    url: str
    type: str | None = None  # text/vtt, application/x-subrip, text/html, ...
    language: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """One entry as a feed states it, normalised but not yet compared with the store.

    ``key`` is the entry's stable identity within its feed: the guid/id, else
    the link, else a hash of its content.

    ``summary`` and ``content`` are the feed's HTML as stated (unescaped from the
    XML or JSON; plain-text bodies escaped into HTML), *not sanitised*, until
    :func:`tidings.ingest.process.clean_entry` processes them; ``base_url`` is the
    base (xml:base, else the document URL) their relative URLs resolve against.
    What the store holds, and what is shown, is always the processed entry.
    Titles, authors and categories are plain text from the start.
    """

    key: str
    title: str | None = None
    link: str | None = None  # absolute, canonical (tracking parameters removed)
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    updated: datetime | None = None
    summary: str | None = None  # raw HTML from the feed until processed (then sanitised)
    content: str | None = None  # the fullest body the feed carries; raw until processed
    enclosures: tuple[Enclosure, ...] = ()
    thumbnail: str | None = None
    categories: tuple[str, ...] = ()
    language: str | None = None
    transcripts: tuple[TranscriptLink, ...] = ()
    comments_url: str | None = None
    base_url: str | None = None  # base for relative URLs in content (else summary)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A whole feed document, parsed.

    ``problems`` lists what was wrong with the document in words a person can
    read; a non-empty tuple means the feed was recovered from malformed input
    (the "bozo" flag of feedparser).
    """

    format: FeedFormat
    title: str | None = None
    link: str | None = None  # the site's home page
    description: str | None = None
    language: str | None = None
    icon: str | None = None  # favicon or logo URL
    author: str | None = None
    updated: datetime | None = None
    entries: tuple[ParsedEntry, ...] = ()
    problems: tuple[str, ...] = ()
    parser: str = "fast"  # which implementation produced it: "fast" or "feedparser"
    ttl_minutes: int | None = None  # RSS <ttl>, a publisher's hint for the schedule

    @property
    def recovered(self) -> bool:
        return bool(self.problems)


# --- fetching -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HTTPCacheHints:
    """What the server said about when to ask again."""

    etag: str | None = None
    last_modified: str | None = None
    fresh_until: datetime | None = None  # Cache-Control max-age / Expires
    retry_after: datetime | None = None  # Retry-After on 429/503


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A completed HTTP exchange (possibly through redirects).

    ``url`` is the last address fetched. ``permanent_url`` is set when every
    redirect from the requested address to ``url`` was permanent (301/308),
    so the stored address should change to it; it has passed the safety check.
    """

    requested_url: str
    url: str
    status: int
    body: bytes | None  # None on 304
    content_type: str | None
    headers: Mapping[str, str]
    cache: HTTPCacheHints
    permanent_url: str | None = None
    elapsed_seconds: float = 0.0

    @property
    def not_modified(self) -> bool:
        return self.status == 304


# --- the refresh unit of work -------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedForUpdate:
    """What the refresh of one feed needs to know about the stored feed."""

    feed_id: int
    url: str
    etag: str | None = None
    last_modified: str | None = None
    error_count: int = 0
    last_updated: datetime | None = None  # last time the content changed
    stale: bool = False  # force a full fetch, ignoring validators
    entries_per_day: float | None = None  # new entries per day over recent weeks, from the store
    retry_after_until: datetime | None = None  # the host asked us not to come back before this


class RefreshStatus(StrEnum):
    UPDATED = "updated"  # new or changed entries were stored
    UNCHANGED = "unchanged"  # fetched and parsed, nothing new
    NOT_MODIFIED = "not_modified"  # 304
    FAILED = "failed"
    GONE = "gone"  # 410: feed disabled


@dataclass(frozen=True, slots=True)
class EntryWrite:
    """An entry to insert or update, with its content hash computed."""

    key: str
    content_hash: str
    entry: ParsedEntry
    is_new: bool
    # The search index's document (tidings.store.fulltext.SearchDocument: plain
    # text, language, stems), when computed ahead of the write (else the store does).
    search_document: tuple[str | None, ...] | None = None


@dataclass(frozen=True, slots=True)
class FeedUpdate:
    """Everything the store must write after one refresh, in one transaction."""

    feed_id: int
    checked_at: datetime
    next_check_at: datetime | None  # None: out of the schedule until retried by hand
    status: RefreshStatus
    feed: ParsedFeed | None = None  # metadata to store, when parsed
    entries: tuple[EntryWrite, ...] = ()
    new_url: str | None = None  # after a permanent redirect
    cache: HTTPCacheHints | None = None
    error: str | None = None  # in words a person can act on; None clears it
    error_count: int = 0
    disabled_reason: str | None = None  # set to take the feed out of service (410)


@dataclass(frozen=True, slots=True)
class RefreshResult:
    """The outcome of refreshing one feed, as reported to the user or a task engine."""

    feed_id: int
    url: str
    status: RefreshStatus
    new_entries: int = 0
    updated_entries: int = 0
    error: str | None = None
    next_check_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RefreshSummary:
    """Totals of one ``tidings refresh`` run."""

    tried: int = 0
    updated: int = 0
    not_modified: int = 0
    unchanged: int = 0
    failed: int = 0
    new_entries: int = 0
    seconds: float = 0.0
    results: tuple[RefreshResult, ...] = field(default=(), repr=False)


# --- stored records -------------------------------------------------------------
# Owned by the storage layer (tidings.store): what its query functions return.
# Rows never leave the store; these frozen copies do.


class UserRole(StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    MEMBER = "member"


class FeedKind(StrEnum):
    FEED = "feed"  # an RSS/Atom/JSON feed, fetched once however many people follow it
    DOCUMENTS = "documents"  # a user's private source of uploaded documents
    PAGE = "page"  # a web page watched for changes


@dataclass(frozen=True, slots=True)
class UserRecord:
    id: int
    username: str
    display_name: str | None
    role: UserRole
    created_at: datetime
    disabled: bool = False
    password_hash: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class FeedRecord:
    id: int
    url: str
    kind: FeedKind
    created_at: datetime
    owner_user_id: int | None = None
    title: str | None = None
    site_url: str | None = None
    description: str | None = None
    language: str | None = None
    icon_url: str | None = None
    author: str | None = None
    format: str | None = None
    parser: str | None = None
    recovered: bool = False
    problems: tuple[str, ...] = ()
    ttl_minutes: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    fresh_until: datetime | None = None
    retry_after_until: datetime | None = None
    stale: bool = False
    last_checked_at: datetime | None = None
    next_check_at: datetime | None = None
    last_updated_at: datetime | None = None  # the content last changed
    error_count: int = 0
    last_error: str | None = None
    disabled_at: datetime | None = None
    disabled_reason: str | None = None
    always_fetch_full_text: bool = False
    entry_count: int = 0
    unread_count: int | None = None  # for the user asked about; None when no user

    @property
    def disabled(self) -> bool:
        return self.disabled_at is not None


@dataclass(frozen=True, slots=True)
class FolderRecord:
    id: int
    user_id: int
    name: str


@dataclass(frozen=True, slots=True)
class SubscriptionRecord:
    id: int
    user_id: int
    feed_id: int
    feed_url: str
    created_at: datetime
    title: str | None = None  # the user's override
    feed_title: str | None = None
    feed_site_url: str | None = None
    feed_icon_url: str | None = None
    feed_kind: FeedKind = FeedKind.FEED
    feed_error: str | None = None
    feed_disabled: bool = False
    folder_id: int | None = None
    folder_name: str | None = None
    unread_count: int = 0

    @property
    def display_title(self) -> str:
        return self.title or self.feed_title or self.feed_url


@dataclass(frozen=True, slots=True)
class EntryRecord:
    id: int
    feed_id: int
    key: str
    content_hash: str
    # None in the reader's lists, which leave them out (store.entries.NOT_LISTED).
    first_seen_at: datetime | None
    last_changed_at: datetime | None
    sort_at: datetime  # published (never later than first seen), else first seen
    title: str | None = None
    link: str | None = None
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None
    updated_at: datetime | None = None
    summary: str | None = None  # sanitised HTML
    content: str | None = None  # sanitised HTML
    enclosures: tuple[Enclosure, ...] = ()
    thumbnail: str | None = None
    categories: tuple[str, ...] = ()
    language: str | None = None
    transcripts: tuple[TranscriptLink, ...] = ()
    comments_url: str | None = None
    feed_title: str | None = None  # the user's title for the feed when listed for a user
    read: bool = False
    read_at: datetime | None = None
    starred: bool = False
    starred_at: datetime | None = None

    @property
    def cursor(self) -> tuple[datetime, int]:
        """Pass as ``before=`` to list the next page."""
        return (self.sort_at, self.id)


@dataclass(frozen=True, slots=True)
class SearchHit:
    entry_id: int
    feed_id: int
    title: str | None
    link: str | None
    snippet: str  # plain text around the matched words
    score: float  # higher is better; comparable only within one result list
    sort_at: datetime
    feed_title: str | None = None


@dataclass(frozen=True, slots=True)
class StoreStats:
    feeds: int
    entries: int
    feeds_in_error: int  # error_count > 0 (disabled ones included)
    feeds_disabled: int
    subscriptions: int
    users: int


# --- full text (tidings.content.fulltext, tidings.store.articles) ----------------


class ArticleStatus(StrEnum):
    """The outcome of fetching and extracting an entry's article page.

    The extractor (``tidings.content.extract``, where it is also named
    ``ExtractionStatus``) produces the first seven; the fetching pipeline the rest.
    """

    OK = "ok"
    NO_ARTICLE = "no_article"  # parsed, but no main text (an empty article)
    NOT_HTML = "not_html"  # an image, a PDF, plain text...
    BINARY = "binary"
    TOO_LARGE = "too_large"
    TOO_DEEP = "too_deep"
    LOGIN_WALL = "login_wall"  # the page asks the reader to sign in
    FETCH_FAILED = "fetch_failed"  # network error, HTTP error status, timeout
    BLOCKED = "blocked"  # the address policy refused the URL
    NOT_NEEDED = "not_needed"  # the feed already carries the full text


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """What Tidings extracted from an entry's article page (or transcript).

    ``text``/``html`` are empty unless ``status`` is ``ok``; ``reason`` says in
    plain words why not. The entry's own feed content is never replaced.
    """

    entry_id: int
    status: ArticleStatus
    reason: str | None = None
    source: str | None = None  # "page" | "transcript"
    host: str | None = None
    html: str = ""
    text: str = ""
    standfirst: str = ""  # the dek: leads ``html``, not part of ``text``
    word_count: int = 0
    reading_minutes: int = 0
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    site_name: str | None = None
    lead_image: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    fetched_url: str | None = None
    extracted_at: datetime | None = None
    attempts: int = 0
    next_attempt_at: datetime | None = None  # None: not tried again

    @property
    def ok(self) -> bool:
        return self.status is ArticleStatus.OK


@dataclass(frozen=True, slots=True)
class ExtractionCandidate:
    """An entry that may need its article fetched (see ``entries_needing_extraction``)."""

    entry_id: int
    feed_id: int
    link: str | None
    summary: str | None
    content: str | None
    always_fetch: bool
    transcripts: tuple[TranscriptLink, ...] = ()
    status: ArticleStatus | None = None  # of the previous attempt; None: never looked at
    attempts: int = 0


@dataclass(frozen=True, slots=True)
class SiteRule:
    """An admin's CSS selectors for one host, applied before extraction."""

    host: str
    keep_selector: str | None
    drop_selector: str | None
    updated_at: datetime
    updated_by: int | None = None


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    entry_id: int
    url: str | None
    status: ArticleStatus
    reason: str | None = None
    word_count: int = 0


@dataclass(frozen=True, slots=True)
class ExtractionSummary:
    """One extraction round: entries looked at, and what became of them."""

    looked_at: int = 0  # candidates examined, including those not needing a fetch
    fetched: int = 0
    ok: int = 0
    failed: int = 0
    not_needed: int = 0
    seconds: float = 0.0
    results: tuple[ExtractionResult, ...] = field(default=(), repr=False)


# --- stories -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryEntryText:
    """A stored entry as story clustering and descriptions read it: plain text only.

    ``text`` is the extracted article text when there is one, else the feed's
    content/summary without tags. ``source`` is the feed's title; ``kind`` a
    hint from the entry's enclosures (``podcast``, ``video``) or None.
    """

    entry_id: int
    feed_id: int
    source: str
    title: str
    text: str
    published: datetime
    url: str | None = None
    kind: str | None = None
    duplicate_of: int | None = None  # when read back as a member of a stored story
    language: str | None = None  # a language tag: the article's, else the entry's or feed's


@dataclass(frozen=True, slots=True)
class NewStory:
    """One story of a clustering pass, ready to be stored."""

    key: str  # the clusterer's id, used only within the pass
    headline: str
    summary: tuple[str, ...]
    first_seen: datetime
    last_seen: datetime
    source_count: int
    members: tuple[tuple[int, int | None], ...]  # (entry id, duplicate of entry id)
    storyline_key: str | None = None


@dataclass(frozen=True, slots=True)
class NewStoryline:
    key: str
    title: str
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """A stored story. ``article_count``/``source_count`` count what the reader can see."""

    id: int
    headline: str
    summary: tuple[str, ...]
    first_seen: datetime
    last_seen: datetime
    article_count: int
    source_count: int
    updated_at: datetime
    storyline_id: int | None


@dataclass(frozen=True, slots=True)
class StoryUpdateSummary:
    """One clustering pass."""

    entries: int
    stories: int
    multi_source_stories: int
    duplicates: int
    storylines: int
    since: datetime
    seconds: float
    incremental: bool = False  # only entries new since the last pass were placed


# --- team: preferences, invitations, registration (tidings.services.team) ---------


class Theme(StrEnum):
    SYSTEM = "system"  # follow the device (prefers-color-scheme)
    LIGHT = "light"
    DARK = "dark"


class Density(StrEnum):
    COMFORTABLE = "comfortable"
    COMPACT = "compact"


class Registration(StrEnum):
    CLOSED = "closed"  # the default: people join by invitation only
    OPEN = "open"  # anyone may create a member account at /register


@dataclass(frozen=True, slots=True)
class Preferences:
    """One person's display preferences; the defaults until they save their own."""

    theme: Theme = Theme.SYSTEM
    density: Density = Density.COMFORTABLE
    mark_read_on_scroll: bool = False


class InvitationState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REVOKED = "revoked"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class InvitationRecord:
    id: int
    role: UserRole
    note: str | None
    created_at: datetime
    expires_at: datetime
    created_by: int | None = None
    created_by_name: str | None = None  # the inviting admin's username, if still there
    accepted_at: datetime | None = None
    accepted_by: int | None = None
    revoked_at: datetime | None = None

    def state(self, now: datetime) -> InvitationState:
        if self.accepted_at is not None:
            return InvitationState.ACCEPTED
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if self.expires_at <= now:
            return InvitationState.EXPIRED
        return InvitationState.PENDING


@dataclass(frozen=True, slots=True)
class TeamMember:
    """A user as the admin page lists them."""

    user: UserRecord
    last_seen_at: datetime | None = None  # their most recent session activity, if any


# --- stories in the reader: ranking and editors' picks (tidings.rank.top, store.picks) -------


@dataclass(frozen=True, slots=True)
class RankedStory:
    """A story on Top stories: its score (tidings.rank.top) and the sources the reader sees."""

    story: StoryRecord
    score: float
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PickRecord:
    """An editor's pick. Anchored to an entry; ``story_id`` is the story holding it now."""

    id: int
    entry_id: int
    story_id: int
    note: str | None
    picked_at: datetime
    picked_by: str | None  # the editor's name; None once their account is deleted


@dataclass(frozen=True, slots=True)
class PickedStory:
    """A story on Our picks, counted over what the reader may see of it (see services.picks)."""

    pick: PickRecord
    story: StoryRecord
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoryMember:
    """One entry of a stored story, as lists of stories need it (no text)."""

    story_id: int
    entry_id: int
    feed_id: int
    source: str
    title: str
