"""A clerk prints a dispatch: the document as issued on A4 with Decree 30's margins, its own
header first, none of the web page around it."""

import io

import pytest
from pypdf import PdfReader

from advisories.models import Dispatch

pytestmark = [pytest.mark.browser]

MM = 72 / 25.4  # PDF points per millimetre


def test_a_printed_dispatch_is_the_document_on_a4(phone, seeded_live):
    dispatch = Dispatch.objects.select_related("issuer").get(number=2152)
    phone.goto(dispatch.get_absolute_url())
    phone.emulate_media(media="print")
    for web_part in (".site-header", ".page-title", ".page-subtitle", ".breadcrumbs", "aside"):
        assert not phone.locator(web_part).first.is_visible(), web_part
    first_line = phone.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .find(el => el.offsetParent !== null && el.innerText.trim()).innerText.trim()"""
    )
    assert first_line.startswith("UBND TỈNH AN GIANG")

    pdf = PdfReader(io.BytesIO(phone.pdf(prefer_css_page_size=True)))
    box = pdf.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (210, 297)
    lefts = []

    def note(text, cm, tm, font, size):
        if text.strip():
            lefts.append(cm[4] + tm[4] * cm[0])

    pdf.pages[0].extract_text(visitor_text=note)
    assert min(lefts) >= 30 * MM - 1  # the 30 mm binding margin on the left
    assert "2152/SYT-CNTTTT" in pdf.pages[0].extract_text()  # the document itself
