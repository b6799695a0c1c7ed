"""Settings from the environment. A missing or bad value stops start-up with a clear message."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class SettingsError(RuntimeError):
    """The environment does not describe a runnable service."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    couchdb_url: str = Field(description="CouchDB 3 URL with admin credentials")
    kora_db_prefix: str = Field(default="kora_", pattern=r"^[a-z][a-z0-9_]*$")
    kora_secret_key: str = Field(min_length=32, description="signs sign-in tokens")
    kora_token_days: int = Field(default=14, ge=1, le=90)
    kora_log_level: str = Field(default="INFO", pattern=r"^(DEBUG|INFO|WARNING|ERROR)$")
    kora_max_body_bytes: int = Field(default=8 * 1024 * 1024, ge=1024)
    kora_public_url: str = Field(default="http://127.0.0.1:8103")
    # Sign-in lock-out (docs/accounts.md): read once here so a bad value stops start-up, not sign-in.
    kora_login_slowdown_after: int = Field(default=5, ge=1, le=1000,
                                           description="failed sign-ins before each try must wait")
    kora_login_lock_after: int = Field(default=10, ge=1, le=1000,
                                       description="failed sign-ins that lock the account")
    kora_login_lock_minutes: int = Field(default=15, ge=1, le=24 * 60,
                                         description="how long a locked account stays locked")

    @field_validator("couchdb_url")
    @classmethod
    def _couchdb_url_has_credentials(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http(s) URL such as http://admin:password@127.0.0.1:5984")
        if not parts.username or not parts.password:
            raise ValueError("must carry the admin credentials: http://NAME:PASSWORD@host:port")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _lock_after_slowdown(self) -> Settings:
        if self.kora_login_lock_after < self.kora_login_slowdown_after:
            raise ValueError("KORA_LOGIN_LOCK_AFTER must be at least KORA_LOGIN_SLOWDOWN_AFTER")
        return self

    @property
    def couchdb_url_redacted(self) -> str:
        parts = urlsplit(self.couchdb_url)
        return f"{parts.scheme}://{parts.username}:***@{parts.hostname}:{parts.port or 5984}"

    def db_name(self, short: str) -> str:
        return f"{self.kora_db_prefix}{short}"


def load_settings() -> Settings:
    try:
        return Settings()  # type: ignore[call-arg]
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            name = ".".join(str(p) for p in err["loc"]).upper()
            lines.append(f"  {name}: {err['msg']}")
        raise SettingsError("Kora cannot start; fix these environment variables:\n" + "\n".join(lines)) from None


@lru_cache
def get_settings() -> Settings:
    return load_settings()
