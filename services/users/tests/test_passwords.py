import pytest
from argon2 import PasswordHasher

from services.common.errors import KoraError
from services.users import passwords


@pytest.mark.parametrize("password", ["short1", "onlyletterslong", "1234567890123", "dawa-is-me-2026", "x1" * 100])
def test_policy_refuses_with_the_rule(password):
    with pytest.raises(KoraError) as caught:
        passwords.check_policy(password, "dawa")
    assert caught.value.code == "weak_password" and "10 to 128" in caught.value.detail


def test_hash_verifies_and_old_parameters_need_rehash():
    digest = passwords.hash_password("Chengguan2026")
    assert digest.startswith("$argon2id$") and passwords.verify(digest, "Chengguan2026")
    assert not passwords.verify(digest, "Chengguan2027") and not passwords.verify(None, "Chengguan2026")
    assert not passwords.needs_rehash(digest)
    assert passwords.needs_rehash(PasswordHasher(time_cost=1, memory_cost=8192).hash("Chengguan2026"))
