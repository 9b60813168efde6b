"""The errors of the parsing package: a file whose text cannot be read, or may not be read.

Every message is in Vietnamese, written for the clerk who chose the file. The two limits'
errors are kinds of `UnreadableDocument`, so a caller that only words the failure needs one
`except`.

A message without values in it is marked with `gettext_noop`, so that `makemessages` puts it
in the English catalogue: the package stays free of Django (it runs in a bare child process),
and the admin translates the message where it shows it (`gettext(str(error))`).
"""


def gettext_noop(message: str) -> str:
    """The message unchanged: marks it for the catalogue (makemessages looks for this name)."""
    return message


class UnreadableDocument(ValueError):
    """The file holds no readable text (missing, empty, binary, corrupt or a scanned PDF)."""


class DocumentTooLarge(UnreadableDocument):
    """The file is past a limit the portal sets (bytes, pages, image pixels): refused by a
    cheap look at its size and structure, before any of its content is parsed."""


class DocumentTooComplex(UnreadableDocument):
    """Reading the file ran past the time or the memory allowed, and was cut off."""


class EncryptedDocument(UnreadableDocument):
    """The PDF needs a password."""


class NoTextLayer(UnreadableDocument):
    """The PDF has no text layer (a scan): only OCR reads it. `pages`: its page count."""

    def __init__(self, message: str, pages: int = 1):
        super().__init__(message)
        self.pages = pages


class GarbledText(NoTextLayer):
    """The PDF's text layer is garbled (words split into glyphs, glyphs mapped to nothing)."""


class OcrUnavailable(UnreadableDocument):
    """Tesseract (or its Vietnamese model, or poppler for PDFs) is not installed here."""
