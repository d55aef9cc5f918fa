"""Every input kind reaches the store as an article with its metadata."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newstrace.ingest import ingest
from newstrace.settings import Settings
from newstrace.store import SQLStore

from ..conftest import SEEDS


def write_warc(path: Path, pages: list[tuple[str, bytes]], *, compress: bool = True) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=compress)
        for url, body in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )
        req = writer.create_warc_record(
            "https://example.org/robots.txt", "request", payload=io.BytesIO(b"GET /")
        )
        writer.write_record(req)


def test_txt_folder_takes_first_line_as_title(store: SQLStore, settings: Settings) -> None:
    summary = ingest([str(SEEDS)], store, settings)
    assert len(summary.ok) == 2 and not summary.failures
    titles = {a.source.rsplit("/", 1)[-1]: a.title for a in store.articles()}
    assert (
        titles["000_6bea74e761890eb2.txt"]
        == "The success of Kremlin-connected Italian populists alarmed USA"
    )
    # 004's first line is a whole paragraph ending in a period: not a title.
    assert titles["004_06f02ca1d58e7db8.txt"] is None


def test_same_article_twice_is_a_duplicate(
    store: SQLStore, settings: Settings, tmp_path: Path, seed_texts: dict[str, str]
) -> None:
    ingest([str(SEEDS)], store, settings)
    copy = tmp_path / "copy.txt"
    copy.write_text(seed_texts["000_6bea74e761890eb2.txt"].replace("\n\n", "\n\n\n"), "utf-8")
    second = ingest([str(SEEDS), str(copy)], store, settings)
    assert len(second.duplicates) == 3 and not second.ok
    assert len(store.articles()) == 2


def test_html_file_uses_trafilatura_metadata(
    store: SQLStore, settings: Settings, tmp_path: Path, seed_texts: dict[str, str], make_html
) -> None:
    body = seed_texts["004_06f02ca1d58e7db8.txt"]
    page = tmp_path / "italy.html"
    page.write_bytes(make_html("Italy's populists look to Moscow", body))
    summary = ingest([str(page)], store, settings)
    assert len(summary.ok) == 1
    (article,) = store.articles()
    assert article.title == "Italy's populists look to Moscow"
    assert article.published == "2018-03-23"
    assert article.author == "Michael Birnbaum"
    assert "Matteo Salvini" in article.text
    assert "Subscribe to our newsletter" not in article.text and "Sports" not in article.text


def test_json_and_jsonl_records(
    store: SQLStore, settings: Settings, tmp_path: Path, seed_texts: dict[str, str], make_html
) -> None:
    texts = list(seed_texts.values())
    (tmp_path / "one.json").write_text(
        json.dumps(
            {
                "text": texts[0],
                "url": "https://www.sputniknews.example/world/italy",
                "title": "Populists",
                "published": "2018-03-07T08:00:00Z",
                "language": "en",
            }
        ),
        "utf-8",
    )
    lines = [
        json.dumps(
            {
                "html": make_html("From HTML", texts[1]).decode(),
                "outlet": "Washington Post",
                "published": "2018-03-23",
            }
        ),
        json.dumps(
            {
                "text": "Short but real: the Senate voted 52 to 48 on Tuesday to confirm the nominee.",
                "title": "Vote",
            }
        ),
    ]
    (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    summary = ingest([str(tmp_path / "one.json"), str(tmp_path / "many.jsonl")], store, settings)
    assert len(summary.ok) == 3, summary.failures
    by_title = {a.title: a for a in store.articles()}
    assert by_title["Populists"].outlet == "sputniknews.example"
    assert by_title["Populists"].published == "2018-03-07T08:00:00+00:00"
    assert by_title["Populists"].language == "en"
    assert by_title["From HTML"].outlet == "Washington Post"
    assert by_title["Vote"].source.endswith("many.jsonl:2")


def test_warc_gz_and_plain_warc(
    store: SQLStore, settings: Settings, tmp_path: Path, seed_texts: dict[str, str], make_html
) -> None:
    texts = list(seed_texts.values())
    write_warc(tmp_path / "news.warc.gz", [("https://www.example.com/a", make_html("A", texts[0]))])
    write_warc(
        tmp_path / "more.warc",
        [("https://news.example.org/b", make_html("B", texts[1]))],
        compress=False,
    )
    summary = ingest([str(tmp_path / "*.warc*")], store, settings)
    assert len(summary.ok) == 2, summary.failures
    outlets = sorted(a.outlet or "" for a in store.articles())
    assert outlets == ["example.com", "news.example.org"]


def test_glob_and_gzipped_text(
    store: SQLStore, settings: Settings, tmp_path: Path, seed_texts: dict[str, str]
) -> None:
    (tmp_path / "sub").mkdir()
    text = seed_texts["000_6bea74e761890eb2.txt"]
    (tmp_path / "sub" / "a.txt.gz").write_bytes(gzip.compress(text.encode()))
    summary = ingest([str(tmp_path / "**" / "*.gz")], store, settings)
    assert len(summary.ok) == 1
    assert (
        store.articles()[0].title
        == "The success of Kremlin-connected Italian populists alarmed USA"
    )


def test_folder_skips_other_files(
    store: SQLStore, settings: Settings, tmp_path: Path, seed_texts: dict[str, str]
) -> None:
    tmp_path = tmp_path / "inputs"
    tmp_path.mkdir()
    (tmp_path / "a.txt").write_text(seed_texts["000_6bea74e761890eb2.txt"], "utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / ".hidden.txt").write_text("ignored", "utf-8")
    summary = ingest([str(tmp_path)], store, settings)
    assert len(summary.ok) == 1 and summary.skipped == (str(tmp_path / "logo.png"),)


def test_url_and_feed(
    store: SQLStore, tmp_path: Path, http_server, seed_texts: dict[str, str], make_html
) -> None:
    from newstrace.settings import load_settings

    base, routes = http_server
    texts = list(seed_texts.values())
    routes.add(
        "/world/italy.html",
        make_html("Italy and the Kremlin", texts[1]),
        content_type="text/html; charset=utf-8",
    )
    routes.add(
        "/world/usa.html", make_html("US intelligence worries", texts[0]), content_type="text/html"
    )
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>World</title>
<item><title>US intelligence worries</title><link>{base}/world/usa.html</link><pubDate>Wed, 07 Mar 2018 08:00:00 GMT</pubDate></item>
<item><title>Gone</title><link>{base}/world/missing.html</link></item>
</channel></rss>"""
    routes.add("/feed.xml", feed.encode(), content_type="application/rss+xml")
    settings = load_settings(
        {"db": str(tmp_path / "u.db"), "fetch": {"allow_private": True}}, environ={}
    )
    summary = ingest([f"{base}/world/italy.html", f"{base}/feed.xml"], store, settings)
    assert len(summary.ok) == 2
    assert [f.reason for f in summary.failures] == [
        f"http: status 404 for {base}/world/missing.html"
    ]
    urls = {a.url for a in store.articles(status="ok")}
    assert f"{base}/world/usa.html" in urls
    assert all(agent.startswith("newstrace/") for agent in routes.seen_agents)
