"""The workbench's pages, in process, on the analysed seeds of each backend."""

from __future__ import annotations

import re

import pytest

from newstrace.settings import Settings
from newstrace.store import open_store

from .conftest import Client

STORY_TITLE = "The success of Kremlin-connected Italian populists alarmed USA"


def ids(seeded: Settings) -> dict[str, str]:
    with open_store(seeded.db) as store:
        story = next(s for s in store.stories() if len(s.articles) == 2)
        actors = {a.name: a.id for a in store.actors()}
        hostile = next(a for a in store.articles() if a.source.endswith("hostile.txt"))
    return {
        "story": story.id,
        "salvini": actors["Matteo Salvini"],
        "league": actors["League"],
        "russia": actors["Russia"],
        "hostile": hostile.id,
    }


def page(client: Client, url: str) -> str:
    response = client.get(url, headers={"accept": "text/html"})
    assert response.status_code == 200, response.text[:300]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    html = response.text
    # no inline script at all: every <script> has a src under /static/
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert re.search(r'src="/static/', tag), tag
    assert not re.search(r"\sstyle=", html), "an inline style attribute (blocked by the CSP)"
    return html


def test_overview_shows_counts_stories_actors_and_failures(client: Client) -> None:
    html = page(client, "/")
    assert STORY_TITLE in html
    assert "Most-mentioned actors" in html and "Five Star Movement" in html
    assert re.search(r"<b>3</b> articles", html)
    assert "Ingest failures" in html


def test_story_page_compares_outlets(client: Client, seeded: Settings) -> None:
    html = page(client, f"/stories/{ids(seeded)['story']}")
    assert "Articles side by side" in html and html.count('class="col"') == 2
    assert "independent" in html  # 004 and 000 are independent reports
    assert "Claims by outlet" in html and 'class="claim' in html
    assert "cosine" in html and "shared evidence" in html  # each pairing's evidence, labelled
    assert "Actors by outlet" in html and "Matteo Salvini" in html
    assert 'aria-label="not named"' in html  # some actor only one outlet names


def test_article_page_highlights_mentions_quotes_and_evidence(
    client: Client, seeded: Settings
) -> None:
    key = ids(seeded)
    with open_store(seeded.db) as store:
        quote = next(q for q in store.quotes(speakers=[key["salvini"]]) if q.kind == "direct")
        content = next(e for e in quote.evidence if e.role == "content")
    html = page(client, f"/articles/{quote.article}?ev={content.start}-{content.end}")
    assert f'href="/actors/{key["salvini"]}"' in html
    marked = re.search(r'<span class="quote hl" id="ev"[^>]*>([^<]*)<', html)
    assert marked and marked.group(1) and marked.group(1) in content.text
    assert f'href="#q-{quote.id}"' in html


def test_actor_page_has_aliases_roles_quotes_and_links_to_evidence(
    client: Client, seeded: Settings
) -> None:
    html = page(client, f"/actors/{ids(seeded)['salvini']}")
    assert "Salvini" in html and "leader of" in html and "League" in html
    assert re.search(r'href="/articles/\w+\?ev=\d+-\d+#ev"', html)
    assert "Merge another actor" in html  # loopback: writes open


def test_a_party_page_rolls_up_its_leaders_stances(client: Client, seeded: Settings) -> None:
    key = ids(seeded)
    html = page(client, f"/actors/{key['league']}")
    # Salvini leads the League: his stance shows on the party's page, marked as his
    assert re.search(rf'via <a href="/actors/{key["salvini"]}">Matteo Salvini</a>', html)
    detail = client.get(f"/api/actors/{key['league']}").json()
    via = [s for s in detail["stances"] if s["via"] == key["salvini"]]
    assert via and all(s["actor"] == key["salvini"] for s in via)


def test_a_metonym_shows_as_one(client: Client, seeded: Settings) -> None:
    # "leaks to Moscow", "ties with the Kremlin": Russia by metonymy, not a name of Russia
    html = page(client, f"/actors/{ids(seeded)['russia']}")
    assert '<span class="pill">Moscow (metonym)</span>' in html
    assert '<span class="pill">Russia</span>' in html
    assert "Moscow (metonym)" in page(client, "/actors?type=state")


def test_lists_network_search_and_ingest(client: Client) -> None:
    articles = page(client, "/articles")
    assert "Next page" not in articles
    # seed 004 has no title: listed by its lead sentence, not its file name
    assert "ROME — Italy’s Parliament convened Friday" in articles
    assert "Matteo Salvini" in page(client, "/actors?type=person")
    assert "Matteo Salvini" in page(client, "/actors?q=Mateo+Salvni")  # fuzzy
    network = page(client, "/network?kind=leader_of")
    rows = re.findall(r'<tr id="tie-\w+">(.*?)</tr>', network, re.S)
    assert 'id="graph"' in network and rows and all("leader of" in r for r in rows)
    search = page(client, "/search?q=sanctions")
    assert "<mark>" in search.lower() and "Outlet" in search and "Actor" in search
    assert "only excludes: add a word to look for" in page(client, "/search?q=-Putin")
    partial = client.get("/search?q=sanctions", headers={"hx-request": "true"}).text
    assert "<html" not in partial and "<mark>" in partial
    assert 'enctype="multipart/form-data"' in page(client, "/ingest")


def test_hostile_article_is_escaped(client: Client, seeded: Settings) -> None:
    html = page(client, f"/articles/{ids(seeded)['hostile']}")
    assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in html
    assert "<img" not in html and "<svg" not in html
    assert 'href="javascript:' not in html
    assert "javascript:alert(3)&#34;&gt;this link&lt;/a&gt;" in html  # shown as text
    overview = page(client, "/")
    assert "<script>window.__pwned" not in overview


@pytest.mark.parametrize("url", ["/articles/nope", "/actors/nope", "/stories/nope"])
def test_missing_things_get_an_html_404(client: Client, url: str) -> None:
    response = client.get(url, headers={"accept": "text/html"})
    assert response.status_code == 404 and "not_found" in response.text
    assert response.headers["content-type"].startswith("text/html")
