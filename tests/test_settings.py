"""Settings: read once from the environment; a bad value is one clear line; the JWT secret is kept."""

from __future__ import annotations

import concurrent.futures
import stat
from pathlib import Path

import pytest

from server.app import create_app
from server.keys import SETTINGS
from server.settings import Settings, SettingsError


def env(tmp_path: Path, **values: str) -> dict[str, str]:
    return {"VOICEDESK_DATA_DIR": str(tmp_path), **values}


def test_defaults_when_nothing_is_set(tmp_path):
    s = Settings.from_env(env(tmp_path))
    assert (s.host, s.port) == ("127.0.0.1", 8080)
    assert s.database_url is None and s.redis_url is None and s.jwt_secret == ""
    assert s.demo_password == "demo" and s.data_dir == tmp_path


def test_values_are_read_from_the_environment(tmp_path):
    s = Settings.from_env(env(
        tmp_path, VOICEDESK_HOST="0.0.0.0", VOICEDESK_PORT="9000", DATABASE_URL="postgresql://u@db:5432/vd",
        REDIS_URL="redis://cache:6379/0", JWT_SECRET="s" * 32, VOICEDESK_DEMO_PASSWORD="hunter22",
        OPENAI_API_KEY="sk-test", OPENAI_BASE_URL="http://llm:8000/v1", VOICEDESK_LLM_MODEL="tiny",
        VOICEDESK_WHISPER_MODEL="base.en", VOICEDESK_TIMEZONE="Europe/Madrid"))
    assert (s.host, s.port) == ("0.0.0.0", 9000)
    assert s.database_url == "postgresql://u@db:5432/vd" and s.redis_url == "redis://cache:6379/0"
    assert s.jwt_secret == "s" * 32 and s.demo_password == "hunter22"
    assert (s.openai_api_key, s.openai_base_url, s.llm_model) == ("sk-test", "http://llm:8000/v1", "tiny")
    assert s.whisper_model == "base.en" and s.org_timezone == "Europe/Madrid"


def test_secrets_stay_out_of_the_repr(tmp_path):
    s = Settings.from_env(env(tmp_path, JWT_SECRET="super-secret-value-123", OPENAI_API_KEY="sk-hidden"))
    assert "super-secret-value-123" not in repr(s) and "sk-hidden" not in repr(s)


@pytest.mark.parametrize(
    ("key", "value", "mentions"),
    [
        ("VOICEDESK_PORT", "eighty", "VOICEDESK_PORT"),
        ("VOICEDESK_PORT", "70000", "VOICEDESK_PORT"),
        ("VOICEDESK_PORT", "-1", "VOICEDESK_PORT"),
        ("DATABASE_URL", "mysql://root@localhost/vd", "DATABASE_URL"),
        ("DATABASE_URL", "localhost:5432", "DATABASE_URL"),
        ("REDIS_URL", "http://cache:6379", "REDIS_URL"),
        ("VOICEDESK_TIMEZONE", "Mars/Olympus_Mons", "VOICEDESK_TIMEZONE"),
        ("JWT_SECRET", "short", "JWT_SECRET"),
        ("VOICEDESK_LLM_MODE", "sometimes", "VOICEDESK_LLM_MODE"),
        ("OPENAI_BASE_URL", "ftp://llm", "OPENAI_BASE_URL"),
        ("VOICEDESK_ICE_LOOPBACK", "maybe", "VOICEDESK_ICE_LOOPBACK"),
    ],
)
def test_a_bad_value_raises_one_clear_line(tmp_path, key, value, mentions):
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(env(tmp_path, **{key: value}))
    message = str(caught.value)
    assert mentions in message and "\n" not in message and len(message) < 200


def test_the_jwt_secret_is_generated_once_and_kept_private(tmp_path):
    first = Settings.from_env(env(tmp_path)).with_secret()
    path = tmp_path / "jwt_secret"
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first.jwt_secret) >= 32 and path.read_text().strip() == first.jwt_secret
    again = Settings.from_env(env(tmp_path)).with_secret()
    assert again.jwt_secret == first.jwt_secret


def test_each_data_dir_gets_its_own_secret_never_a_constant(tmp_path):
    a = Settings.from_env(env(tmp_path / "a")).with_secret()
    b = Settings.from_env(env(tmp_path / "b")).with_secret()
    assert a.jwt_secret != b.jwt_secret


def test_an_explicit_jwt_secret_wins_and_writes_no_file(tmp_path):
    s = Settings.from_env(env(tmp_path, JWT_SECRET="x" * 40)).with_secret()
    assert s.jwt_secret == "x" * 40
    assert not (tmp_path / "jwt_secret").exists()


def test_a_truncated_secret_file_is_refused(tmp_path):
    (tmp_path / "jwt_secret").write_text("tiny")
    with pytest.raises(SettingsError):
        Settings.from_env(env(tmp_path)).with_secret()


def test_the_app_signs_with_the_kept_secret(tmp_path):
    app = create_app(Settings.from_env(env(tmp_path)))
    assert app[SETTINGS].jwt_secret == (tmp_path / "jwt_secret").read_text().strip()


def test_processes_starting_together_agree_on_one_secret(tmp_path):
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        found = set(pool.map(lambda _: Settings.from_env(env(tmp_path)).with_secret().jwt_secret, range(16)))
    assert len(found) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jwt_secret"]
