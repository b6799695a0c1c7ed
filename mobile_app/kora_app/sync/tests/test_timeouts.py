"""A photo request gets time to send its bytes, but a dead link is still found at once."""

from mobile_app.kora_app.sync.timeouts import upload_timeout


def test_connecting_keeps_the_base_timeout_while_reading_and_writing_grow_with_the_bytes():
    timeout = upload_timeout(60.0, 1024 * 1024)
    assert timeout.connect == 60.0 and timeout.pool == 60.0
    assert timeout.read == timeout.write == 60.0 + 1024 * 1024 / 1000
    assert upload_timeout(5.0, 0).read == 5.0
