"""``make app``: the inspectors' app in a desktop window against the suite ``make run`` started.

KORA_APP_SERVER (default the sync service of ``make run``), KORA_APP_STORE (the phone's SQLite
file, default var/app/phone.sqlite3), and KORA_APP_USER / KORA_APP_PASSWORD to sign in at start
(``make app`` gives the demo inspector dawa of services/users/seed.py).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mobile_app.kora_app.store.database import Store

ROOT = Path(__file__).resolve().parents[3]


def main() -> None:
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    from kivy.config import Config

    Config.set("kivy", "log_level", "info")
    logging.getLogger("httpcore").setLevel(logging.INFO)  # not every socket step of every sync
    Config.set("graphics", "width", "720")
    Config.set("graphics", "height", "1280")
    from mobile_app.kora_app.screens.app import KoraApp

    server = os.environ.get("KORA_APP_SERVER", "http://127.0.0.1:8101")
    path = Path(os.environ.get("KORA_APP_STORE", ROOT / "var" / "app" / "phone.sqlite3"))
    path.parent.mkdir(parents=True, exist_ok=True)
    user, password = os.environ.get("KORA_APP_USER"), os.environ.get("KORA_APP_PASSWORD")
    with Store(path) as store:
        app = KoraApp(font_cache_dir=path.parent / "fonts", store=store, server=server)
        if user and password:
            app.bind(on_start=lambda _app: app.root.get_screen("signin").model.sign_in(user, password))
        app.run()


if __name__ == "__main__":
    main()
