from mobile_app.kora_app.signin import passwords


def test_the_kept_hash_is_salted_scrypt_and_only_the_right_password_matches():
    kept = passwords.hash_password("Lhasa-2026-pw")
    assert kept.startswith("scrypt$16384$8$1$") and "Lhasa" not in kept
    assert kept != passwords.hash_password("Lhasa-2026-pw")  # a new salt each time
    assert passwords.verify(kept, "Lhasa-2026-pw")
    assert not passwords.verify(kept, "lhasa-2026-pw") and not passwords.verify("argon2$x", "Lhasa-2026-pw")


def test_a_pbkdf2_hash_from_a_build_without_scrypt_still_opens_the_app(monkeypatch):
    monkeypatch.delattr(passwords.hashlib, "scrypt")
    kept = passwords.hash_password("Lhasa-2026-pw")
    assert kept.startswith("pbkdf2_sha256$600000$") and passwords.verify(kept, "Lhasa-2026-pw")
