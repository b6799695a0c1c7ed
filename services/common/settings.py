"""Settings from the environment. A missing or bad value stops start-up with a clear message."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator
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
    # Failed sign-ins let through before delays start (services/users/lockout.py, docs/accounts.md).
    kora_login_pair_free: int = Field(default=5, ge=1, le=1000)
    kora_login_account_free: int = Field(default=10, ge=1, le=1000)
    kora_login_address_free: int = Field(default=30, ge=1, le=100000)
    kora_login_device_free: int = Field(default=10, ge=1, le=1000)
    kora_login_max_delay_minutes: int = Field(default=30, ge=1, le=24 * 60)
    kora_trusted_proxies: str = Field(
        default="", description="comma-separated addresses or networks of the reverse proxies whose "
        "X-Forwarded-For is believed; empty: none")

    @field_validator("kora_trusted_proxies")
    @classmethod
    def _proxies_are_addresses(cls, value: str) -> str:
        for part in filter(None, (p.strip() for p in value.split(","))):
            try:
                ipaddress.ip_network(part, strict=False)
            except ValueError:
                raise ValueError(f"{part!r} is not an IP address or network") from None
        return value

    kora_workers: int = Field(
        default=0, ge=0, le=64, description="uvicorn worker processes per service; 0: one per CPU core"
    )
    kora_max_in_flight: int = Field(
        default=4, ge=1, le=1000, description="requests one worker works on at once; more wait"
    )
    kora_queue_seconds: float = Field(
        default=20.0, gt=0, le=600, description="longest wait for a slot before 503 overloaded"
    )
    kora_longpoll_seconds: float = Field(
        default=20.0, ge=0.5, le=300, description="how long a worker's follower of a database waits for a change "
        "before asking again (services/common/changes_follower.py)"
    )
    kora_secure_cookies: bool = Field(default=False, description="mark session cookies Secure (set it behind TLS)")

    @field_validator("couchdb_url")
    @classmethod
    def _couchdb_url_has_credentials(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http(s) URL such as http://admin:password@127.0.0.1:5984")
        if not parts.username or not parts.password:
            raise ValueError("must carry the admin credentials: http://NAME:PASSWORD@host:port")
        return value.rstrip("/")

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
