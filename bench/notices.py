"""Rectification notices per second on one core: Kora's PDF renderer against WeasyPrint.

The same realistic notice (8 findings of the bank checklist, with notes) is rendered again and
again by a warm ``NoticeRenderer`` (fonts loaded, shaping cache filled by a first render), then
as HTML by WeasyPrint (its font configuration and stylesheet kept between renders). Each run is
timed for at least ``BENCH_NOTICES_SECONDS`` (default 5) seconds. The process is pinned to one
CPU. Figures go to var/bench/notices-pdf.json and var/bench/notices-weasyprint.json.

    BENCH_ONLY=notices make bench        or        .venv/bin/python -m bench.notices
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import report
from services.notices.pdf import NoticeRenderer
from services.notices.pdf.content import notice_content
from services.notices.pdf.sample import ACCESS_CODE, sample_notice

ROOT = Path(__file__).resolve().parent.parent
FINDINGS = 8
PUBLIC_URL = "https://kora.example.cn"


def rate(render: Callable[[], bytes], seconds: float) -> dict[str, Any]:
    """Renders per second over at least ``seconds`` of wall time, after one warm-up render."""
    size = len(render())
    count, start, cpu = 0, time.perf_counter(), time.process_time()
    while True:
        render()
        count += 1
        wall = time.perf_counter() - start
        if wall >= seconds and count >= 3:
            break
    cpu = time.process_time() - cpu
    return {
        "renders": count,
        "wall_seconds": wall,
        "cpu_seconds": cpu,
        "per_second": count / wall,
        "per_cpu_second": count / cpu,
        "ms_per_notice": 1000 * wall / count,
        "pdf_bytes": size,
    }


def weasyprint_renderer(notice: dict, items: dict[str, dict]) -> Callable[[], bytes]:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from bench.notice_html import notice_html

    fonts = FontConfiguration()

    def render() -> bytes:
        content = notice_content(notice, items, access_code=ACCESS_CODE, public_url=PUBLIC_URL)
        return HTML(string=notice_html(content)).write_pdf(font_config=fonts)

    return render


def pin_to_one_cpu() -> int | None:
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def main() -> None:
    seconds = float(os.environ.get("BENCH_NOTICES_SECONDS", "5"))
    cpu = pin_to_one_cpu()
    host = report.machine(ROOT)
    notice, items = sample_notice(FINDINGS)
    renderer = NoticeRenderer(public_url=PUBLIC_URL)
    common = {"findings": FINDINGS, "pinned_cpu": cpu, "machine": host}
    ours = rate(lambda: renderer.render(notice, items, access_code=ACCESS_CODE), seconds)
    print(_line("kora pdf (reportlab)", ours), flush=True)
    theirs = rate(weasyprint_renderer(notice, items), seconds)
    print(_line("weasyprint html", theirs), flush=True)
    ratio = ours["per_second"] / theirs["per_second"]
    cpu_ratio = ours["per_cpu_second"] / theirs["per_cpu_second"]
    figures = {
        "notices-pdf": {
            "benchmark": "notices-pdf",
            "renderer": "reportlab",
            **ours,
            "versus_weasyprint": ratio,
            "versus_weasyprint_cpu": cpu_ratio,
            **common,
        },
        "notices-weasyprint": {
            "benchmark": "notices-weasyprint",
            "renderer": "weasyprint",
            **theirs,
            **common,
        },
    }
    out_dir = ROOT / "var" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, figure in figures.items():
        (out_dir / f"{name}.json").write_text(json.dumps(figure, indent=2))
    print(
        f"kora renders {ratio:.1f}x as many notices per second as weasyprint "
        f"({cpu_ratio:.1f}x per CPU-second); figures in {out_dir}"
    )


def _line(name: str, fig: dict[str, Any]) -> str:
    return (
        f"{name:22} {fig['per_second']:7.2f} notices/s ({fig['per_cpu_second']:.2f} per CPU-second)"
        f"  {fig['ms_per_notice']:7.1f} ms each  {fig['pdf_bytes'] / 1024:6.1f} KiB"
        f"  ({fig['renders']} renders)"
    )


if __name__ == "__main__":
    main()
