"""The schema, as SQLAlchemy Core tables (no ORM).

This module describes the schema the code expects; the migrations in
``tidings/store/migrations/versions`` build it, append-only. A test checks the
two agree (``test_migrations_match_tables``).

Full-text search lives in ``entry_search``, which differs per database:
on SQLite it is an FTS5 virtual table (created by migration 0002, not here,
because SQLAlchemy cannot describe virtual tables); on PostgreSQL it is the
ordinary table below with a generated ``tsvector`` column and a GIN index.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.dialects.postgresql import TIMESTAMP
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from tidings.clock import as_utc


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on both databases.

    PostgreSQL stores ``timestamp with time zone``; SQLite has no such type, so
    values are stored as naive UTC text (fixed width, so text order is time
    order) and made aware again when read. Naive values given to the store are
    taken to be UTC already (as :func:`tidings.clock.as_utc` does).
    """

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[datetime]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(TIMESTAMP(timezone=True))
        return dialect.type_descriptor(DateTime())

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = as_utc(value)
        return value.replace(tzinfo=None) if dialect.name != "postgresql" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# Stable constraint names, so later migrations can refer to them on both databases.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

USER_ROLES = ("admin", "editor", "member")
FEED_KINDS = ("feed", "documents", "page")

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("display_name", String(200)),
    Column("role", String(16), nullable=False, server_default="member"),
    Column("password_hash", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("disabled", Boolean, nullable=False, server_default=false()),
    CheckConstraint("role IN ('admin', 'editor', 'member')", name="role"),
)

feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("kind", String(16), nullable=False, server_default="feed"),
    Column("owner_user_id", Integer, ForeignKey("users.id", ondelete="CASCADE")),
    # What the feed says about itself
    Column("title", Text),
    Column("site_url", Text),
    Column("description", Text),
    Column("language", String(35)),
    Column("icon_url", Text),
    Column("author", Text),
    Column("format", String(16)),
    Column("parser", String(16)),
    Column("recovered", Boolean, nullable=False, server_default=false()),
    Column("problems", Text),  # one problem per line, as the parser worded them
    Column("ttl_minutes", Integer),
    # HTTP cache and schedule
    Column("etag", Text),
    Column("last_modified", Text),
    Column("fresh_until", UTCDateTime),
    Column("retry_after_until", UTCDateTime),
    Column("stale", Boolean, nullable=False, server_default=false()),
    Column("last_checked_at", UTCDateTime),
    Column("next_check_at", UTCDateTime, index=True),
    Column("last_updated_at", UTCDateTime),
    # Health
    Column("error_count", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),
    Column("disabled_at", UTCDateTime),
    Column("disabled_reason", Text),
    # Options
    Column("always_fetch_full_text", Boolean, nullable=False, server_default=false()),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("kind IN ('feed', 'documents', 'page')", name="kind"),
)

folders = Table(
    "folders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("user_id", "name"),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column(
        "feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("folder_id", Integer, ForeignKey("folders.id", ondelete="SET NULL")),
    Column("title", Text),  # the user's name for the feed, overriding the feed's own
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("user_id", "feed_id"),
)

entries = Table(
    "entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False),
    Column("key", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("title", Text),
    Column("link", Text),
    Column("authors", JSON),  # list[str]; NULL when empty
    Column("published_at", UTCDateTime),
    Column("updated_at", UTCDateTime),
    Column("summary", Text),
    Column("content", Text),
    Column("enclosures", JSON),  # list[{url, type, length, duration}]; NULL when empty
    Column("thumbnail", Text),
    Column("categories", JSON),  # list[str]; NULL when empty
    Column("language", String(35)),
    Column("transcripts", JSON),  # list[{url, type, language}]; NULL when empty
    Column("comments_url", Text),
    Column("first_seen_at", UTCDateTime, nullable=False),
    Column("last_changed_at", UTCDateTime, nullable=False),
    # published_at, never later than first_seen_at; first_seen_at when undated
    Column("sort_at", UTCDateTime, nullable=False),
    UniqueConstraint("feed_id", "key"),
    # Lists walk these newest first and stop after a page (migration 0008_reading_speed).
    Index(None, "feed_id", "sort_at", "id"),
    Index(None, "sort_at", "id", "feed_id"),  # (0011) a list's walk reads no entry row
)

entry_states = Table(
    "entry_states",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "entry_id",
        Integer,
        ForeignKey("entries.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    Column("read", Boolean, nullable=False, server_default=false()),
    Column("read_at", UTCDateTime),
    Column("starred", Boolean, nullable=False, server_default=false()),
    Column("starred_at", UTCDateTime),
    # The entry's sort_at while starred, kept by triggers (migration 0015_starred_order):
    # the starred list walks the index below newest first and stops after a page.
    Column("sort_at", UTCDateTime),
    Index(None, "user_id", "starred", "sort_at", "entry_id"),
)

# Full text fetched from an entry's article page (or its transcript): one row per
# entry the extractor has looked at. The feed's own content in ``entries`` is
# never replaced. See tidings/content/fulltext.py for the statuses.
entry_articles = Table(
    "entry_articles",
    metadata,
    Column("entry_id", Integer, ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("reason", Text),  # plain words, when status is not ok
    Column("source", String(16)),  # 'page' | 'transcript' | 'auto-transcript' (machine-made); NULL when nothing was kept
    Column("host", String(253), index=True),  # the article's host, for learning site lines
    Column("html", Text),  # sanitised reading HTML
    Column("text", Text),  # plain text, paragraphs separated by blank lines
    Column("standfirst", Text),  # the dek under the headline: in html, not in text (0014)
    Column("word_count", Integer, nullable=False, server_default="0"),
    Column("reading_minutes", Integer, nullable=False, server_default="0"),
    Column("title", Text),
    Column("authors", JSON),  # list[str]; NULL when empty
    Column("published", UTCDateTime),
    Column("site_name", Text),
    Column("lead_image", Text),
    Column("language", String(35)),
    Column("canonical_url", Text),
    Column("fetched_url", Text),  # after redirects
    Column("extracted_at", UTCDateTime),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", UTCDateTime),  # NULL: not to be tried again
)

# An admin's CSS selectors applied to a host's pages before extraction.
site_rules = Table(
    "site_rules",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("host", String(253), nullable=False, unique=True),
    Column("keep_selector", Text),
    Column("drop_selector", Text),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("updated_by", Integer, ForeignKey("users.id", ondelete="SET NULL")),
)

# Fingerprints (tidings.content.extract.fingerprint) of lines a host repeats
# across its pages; a bounded JSON list, newest first.
site_lines = Table(
    "site_lines",
    metadata,
    Column("host", String(253), primary_key=True),
    Column("fingerprints", JSON, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# PostgreSQL only (see the module docstring). ``document`` is generated by the
# database from the plain-text columns; it is declared here so queries can use it.
entry_search_pg = Table(
    "entry_search",
    MetaData(),  # not part of ``metadata``: the SQLite schema has an FTS5 table instead
    Column("entry_id", Integer, primary_key=True),  # FK to entries.id, ON DELETE CASCADE
    Column("title", Text, nullable=False),
    Column("authors", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("document", Text),  # tsvector, GENERATED ALWAYS ... STORED
    # Snowball stems in the entry's language (migration 0007_stemming)
    Column("title_stems", Text, nullable=False),
    Column("body_stems", Text, nullable=False),
    Column("stems", Text),  # tsvector of the stems, GENERATED ALWAYS ... STORED
)

# The Snowball languages of the entries in the search index: a query word is
# stemmed in each (migration 0007_stemming; see tidings.store.search).
search_languages = Table(
    "search_languages",
    metadata,
    Column("language", String(32), primary_key=True),
)

# --- accounts (migration 0004_accounts): web sessions and API keys ----------------

sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),  # sha256 of the cookie value
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("user_agent", String(300)),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),  # sha256 of the key
    Column("prefix", String(16), nullable=False),  # shown to tell keys apart
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime),
)

# --- stories (migration 0005_stories): the clustering pass's result ------------------

storylines = Table(
    "storylines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False),  # the headline of its first story
    Column("first_seen_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("headline", Text, nullable=False),
    Column("summary", Text, nullable=False),  # 1-3 extractive sentences, one per line
    Column("first_seen_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False, index=True),
    Column("article_count", Integer, nullable=False),
    Column("source_count", Integer, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column(
        "storyline_id", Integer, ForeignKey("storylines.id", ondelete="SET NULL"), index=True
    ),
)

story_entries = Table(
    "story_entries",
    metadata,
    # An entry is in at most one story: the entry id is the key.
    Column("entry_id", Integer, ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    # The entry this one is a near-verbatim copy of (same story), if any.
    Column(
        "duplicate_of", Integer, ForeignKey("entries.id", ondelete="SET NULL"), index=True
    ),  # indexed (0010): each list page looks up the copies of its entries
)

# --- team (migration 0006_team): preferences, invitations, site settings, picks -----

THEMES = ("system", "light", "dark")
DENSITIES = ("comfortable", "compact")

user_preferences = Table(
    "user_preferences",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("theme", String(8), nullable=False, server_default="system"),
    Column("density", String(12), nullable=False, server_default="comfortable"),
    Column("mark_read_on_scroll", Boolean, nullable=False, server_default=false()),
    Column("updated_at", UTCDateTime, nullable=False),
    CheckConstraint("theme IN ('system', 'light', 'dark')", name="theme"),
    CheckConstraint("density IN ('comfortable', 'compact')", name="density"),
)

invitations = Table(
    "invitations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),  # sha256 of the link's token
    Column("role", String(16), nullable=False, server_default="member"),
    Column("note", String(200)),  # who it is for, as the admin wrote it
    Column("created_by", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("accepted_at", UTCDateTime),
    Column("accepted_by", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("revoked_at", UTCDateTime),
    CheckConstraint("role IN ('admin', 'editor', 'member')", name="role"),
)

site_settings = Table(
    "site_settings",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

story_picks = Table(
    "story_picks",
    metadata,
    Column("id", Integer, primary_key=True),
    # Anchored to an entry, not a story row: a clustering pass replaces stories,
    # and the pick follows whichever story holds this entry now.
    Column("entry_id", Integer, ForeignKey("entries.id", ondelete="CASCADE"), nullable=False,
           unique=True),
    Column("picked_by", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("note", String(500)),
    Column("picked_at", UTCDateTime, nullable=False, index=True),
)

# --- reading speed (migration 0008_reading_speed) -----------------------------------

# Counters bumped by triggers (see the migration) whenever something a sidebar shows
# changes: scope 'entries', 'feeds', or 'u<user id>'. Cached sidebars are keyed by them.
reading_versions = Table(
    "reading_versions",
    metadata,
    Column("scope", String(32), primary_key=True),
    Column("version", BigInteger, nullable=False, server_default="0"),
)

# What one change of a user's read states did to their unread counts (migration
# 0013_reader_writes): the user's counter before and after it, the other two counters
# (unchanged meanwhile), and ``[[feed_id, delta], ...]``. A process holding the sidebar
# of ``version_before`` applies these instead of counting every feed again.
unread_moves = Table(
    "unread_moves",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("version_before", BigInteger, primary_key=True),
    Column("version_after", BigInteger, nullable=False),
    Column("entries_version", BigInteger, nullable=False),
    Column("feeds_version", BigInteger, nullable=False),
    Column("counts", JSON, nullable=False),
)

# --- sign-in rate limit (migration 0009_sign_in_failures) ---------------------------

# One row per failed sign-in (or invitation/registration attempt), shared by every
# server process. ``name`` is the lower-cased name tried; NULL once a correct sign-in
# with it cleared it (the row then counts for the address only).
sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("address", String(200), nullable=False),
    Column("name", String(100)),
    Column("failed_at", UTCDateTime, nullable=False, index=True),
    Index(None, "address", "failed_at"),
)
