"""The one error of the parsing package: a file whose text cannot be read."""


class UnreadableDocument(ValueError):
    """The file holds no readable text (missing, empty, binary, corrupt or a scanned PDF).

    The message is in Vietnamese, written for the clerk who chose the file.
    """
