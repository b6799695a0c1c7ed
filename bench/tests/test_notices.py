from bench import notices
from bench.notice_html import notice_html
from services.notices.pdf.content import notice_content
from services.notices.pdf.sample import sample_notice


def test_rate_counts_renders_after_a_warm_up():
    calls = []

    def render() -> bytes:
        calls.append(1)
        return b"x" * 10

    fig = notices.rate(render, seconds=0)
    assert fig["renders"] == 3 and len(calls) == 4
    assert fig["pdf_bytes"] == 10
    assert fig["per_second"] > 0 and fig["per_cpu_second"] > 0


def test_the_html_baseline_holds_the_same_notice_and_escapes_what_was_typed():
    notice, items = sample_notice(8)
    notice["venue"]["name"]["zh"] = "<b>Bank & Co</b>"
    content = notice_content(notice, items, access_code="K7P", public_url="https://k.example")
    html = notice_html(content)
    assert "&lt;b&gt;Bank &amp; Co&lt;/b&gt;" in html
    assert html.count("<tr><td>") == 8
    assert "K7P" in html and "<svg" in html


def test_the_weasyprint_baseline_makes_a_pdf():
    notice, items = sample_notice(1)
    assert notices.weasyprint_renderer(notice, items)().startswith(b"%PDF-")
