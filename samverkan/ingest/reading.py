"""Read a document (txt, md, html, pdf) into numbered lines, decoding what is clearly text."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from ..errors import SourceError

#: å, ä, ö, é, Å, Ä, Ö, É encoded as UTF-8
_UTF8_LETTER = re.compile(rb"\xc3[\xa5\xa4\xb6\xa9\x85\x84\x96\x89]")

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".html", ".htm", ".pdf", ""}


def decode(raw: bytes, path: str) -> str:
    """Bytes → text: UTF-8 (with or without BOM), UTF-16/32 (BOM or NUL pattern), else cp1252 when clearly text."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                       (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            return _checked(raw[len(bom):].decode(codec, errors="replace"), path, codec)
    sample = raw[:4000]
    if len(sample) >= 4 and sample.count(0) > len(sample) // 4:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        codec = "utf-16-le" if odd > even else "utf-16-be"
        try:
            return _checked(raw.decode(codec), path, codec)
        except UnicodeDecodeError:
            raise SourceError(path, None, "binary data, not text (expected a .txt, .md, .html or .pdf file)") from None
    try:
        return _checked(raw.decode("utf-8"), path, "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _UTF8_LETTER.search(raw):
        # UTF-8 å/ä/ö elsewhere: one bad byte is damage, not another encoding (read as Windows-1252 it would
        # garble every å, ä and ö and lose the columns whose names hold them)
        start = raw.rfind(b"\n", 0, utf8_error.start) + 1
        line = raw.count(b"\n", 0, utf8_error.start) + 1
        column = len(raw[start:utf8_error.start].decode("utf-8", errors="replace")) + 1
        raise SourceError(path, line, f"invalid UTF-8: byte 0x{raw[utf8_error.start]:02X} where the rest of the file is "
                          "UTF-8 (save the file as UTF-8 again)", column)
    try:
        return _checked(raw.decode("cp1252"), path, "cp1252")
    except UnicodeDecodeError:
        line = raw.count(b"\n", 0, utf8_error.start) + 1
        raise SourceError(path, line, "not text: neither UTF-8, UTF-16 nor Windows-1252 (save the file as UTF-8)") from None


def _checked(text: str, path: str, codec: str) -> str:
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    if text and controls > max(2, len(text) // 100):
        raise SourceError(path, None, f"binary data, not text (read as {codec}); expected a .txt, .md, .html or .pdf file")
    return text


class _HtmlLines(HTMLParser):
    """HTML → (source line, text) blocks; table rows as tab-separated cells, <p> inside cells kept as <p>…</p>."""

    BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section", "article", "header",
             "footer", "blockquote", "ul", "ol", "table", "title"}
    SKIP = {"script", "style", "head", "nav"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[tuple[int, str]] = []
        self.buf: list[str] = []
        self.start: int | None = None
        self.cells: list[list[str]] | None = None
        self.skip = 0
        self.cell_depth = 0

    def _text(self, text: str):
        if self.start is None and text.strip():
            self.start = self.getpos()[0]
        (self.cells[-1] if self.cells is not None and self.cell_depth else self.buf).append(text)

    def flush(self):
        text = re.sub(r"[ \t\r\n]+", " ", "".join(self.buf)).strip()
        if text:
            self.out.append((self.start or self.getpos()[0], text))
        self.buf, self.start = [], None

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag == "tr":
            self.flush()
            self.cells = []
        elif tag in ("td", "th") and self.cells is not None:
            self.cells.append([])
            self.cell_depth += 1
        elif tag in ("p", "li") and self.cell_depth:
            self.cells[-1].append("<p>")  # a paragraph or list item inside a cell: one commitment each
        elif tag in self.BLOCK and not self.cell_depth:
            self.flush()
        elif tag == "li":
            self.flush()
        if tag == "li" and not self.cell_depth:
            self.buf.append("- ")
        if tag in ("h1", "h2", "h3") and not self.cell_depth:
            self.buf.append("#" * int(tag[1]) + " ")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.cell_depth:
            self.cell_depth -= 1
        elif tag in ("p", "li") and self.cell_depth:
            self.cells[-1].append("</p>")
        elif tag == "tr" and self.cells is not None:
            row = "\t".join(re.sub(r"\s+", " ", "".join(c)).strip() for c in self.cells)
            if row.strip():
                self.out.append((self.start or self.getpos()[0], row))
            self.cells, self.start = None, None
        elif tag in self.BLOCK and not self.cell_depth:
            self.flush()
            if tag in ("p", "ul", "ol", "blockquote") and self.out and self.out[-1][1]:
                self.out.append((self.getpos()[0], ""))  # a paragraph ends: a blank line, as in text

    def handle_data(self, data):
        if not self.skip:
            self._text(data)


def html_lines(text: str) -> list[tuple[int, str]]:
    parser = _HtmlLines()
    parser.feed(text)
    parser.close()
    parser.flush()
    out: list[tuple[int, str]] = []
    for n, t in parser.out:  # two blocks on one source line stay two lines
        out.append((n, t))
    return out


def pdf_text(raw: bytes, path: str) -> str:
    from pypdf import PdfReader
    from io import BytesIO

    try:
        reader = PdfReader(BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many kinds of errors on broken files
        raise SourceError(path, None, f"cannot read the PDF: {exc}") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise SourceError(path, None, "the PDF holds no text (a scanned image? run OCR first)")
    return text


_PRIVATE_BULLET = re.compile(r"^([ \t]*)[\uf000-\uf0ff](?=[ \t])", re.M)


def normalise(text: str) -> str:
    """Undo what PDF and Word export do to text: ligatures (ﬁ), Wingdings bullets (U+F0B7 → •), soft hyphens,
    no-break and zero-width spaces."""
    text = unicodedata.normalize("NFKC", text.replace("\u00ad", "").replace("\u200b", "").replace("\ufeff", ""))
    return _PRIVATE_BULLET.sub(lambda m: m.group(1) + "•", text).replace("\u00a0", " ")


def read_lines(path: str | Path) -> list[tuple[int, str]]:
    """The document as (line number, text) pairs; HTML blocks carry the line they start on."""
    p = Path(path)
    if not p.is_file():
        raise SourceError(str(p), None, "no such file")
    raw = p.read_bytes()
    if not raw.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise SourceError(str(p), None, "the file is empty")
    suffix = p.suffix.lower()
    if suffix == ".pdf" or raw.startswith(b"%PDF"):
        text = pdf_text(raw, str(p))
    elif suffix in (".docx", ".doc", ".odt", ".xlsx", ".xls"):
        raise SourceError(str(p), None, f"{suffix} is not supported here: save the document as PDF or text "
                          "(for a spreadsheet use `samverkan import table`)")
    else:
        text = decode(raw, str(p))
    if not text.strip():
        raise SourceError(str(p), None, "the file is empty")
    text = normalise(text.replace("\r\n", "\n").replace("\r", "\n"))
    if suffix in (".html", ".htm") or re.search(r"<(table|tr|td|html|body)\b", text, re.I):
        return html_lines(text) if suffix in (".html", ".htm") else _mixed_html(text)
    return list(enumerate(text.split("\n"), 1))


def _mixed_html(text: str) -> list[tuple[int, str]]:
    """Plain text with HTML tables pasted in: convert only the <table>…</table> stretches."""
    out: list[tuple[int, str]] = []
    pos, line = 0, 1
    for m in re.finditer(r"<table\b.*?</table\s*>", text, re.I | re.S):
        before = text[pos:m.start()]
        out.extend((line + i, t) for i, t in enumerate(before.split("\n")))
        line += before.count("\n")
        out.extend((line + n - 1, t) for n, t in html_lines(m.group(0)))
        line += m.group(0).count("\n")
        pos = m.end()
    out.extend((line + i, t) for i, t in enumerate(text[pos:].split("\n")))
    return out
