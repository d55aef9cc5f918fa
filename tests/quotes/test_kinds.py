"""What a quote is (speech apart from beliefs, intentions and evaluations) and who said it
(appositions, participles, places speaking as states, pronouns by gender and number), with the
real English parse; the speech-only lists of the store, the CLI and the API; and the scoring of
speech on PolNeAR-style gold."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newstrace.cli import app
from newstrace.eval.quotes import GoldAttribution, GoldDoc, Tally, is_speech, score_doc
from newstrace.model import AnalysisDoc, Article
from newstrace.quotes import SPEECH, is_listed, load_cues
from newstrace.quotes.extract import garbled, speakerless
from newstrace.settings import load_settings
from newstrace.stages.entities import TidyEntitiesStage
from newstrace.stages.quotes import QuotesStage
from newstrace.web import WebConfig

from ..web.conftest import Client

KINDS_TEXT = (
    "The senator believes that the tax cuts will pay for themselves.\n\n"
    "The governor wants to close the state's budget gap by June.\n\n"
    "Mr. Trump criticized the trade deal during a rally in Ohio.\n\n"
    "The company announced a new plan for its factories.\n\n"
    "Polls show that Clinton leads in Ohio.\n\n"
    "The mayor said that the bridge would reopen in May.\n\n"
    "“We will rebuild the bridge,” the mayor said.\n"
)


def run(text: str) -> AnalysisDoc:
    doc = AnalysisDoc(Article("a1", "test", "ok", text), language="en")
    TidyEntitiesStage(load_settings(environ={}))([doc])
    QuotesStage()([doc])
    return doc


def kinds(doc: AnalysisDoc) -> dict[str, str]:
    return {q.text: q.kind for q in doc.quotes}


def speaker_of(doc: AnalysisDoc, words: str) -> tuple[str, str] | None:
    """The text and type of the mention that speaks the quote holding ``words``."""
    by_id = {m.id: m for m in doc.mentions + doc.sources}
    quote = next(q for q in doc.quotes if words in q.text)
    m = by_id.get(quote.speaker_mention or "")
    return (m.text, m.type) if m else None


def test_speech_apart_from_other_attributions() -> None:
    found = kinds(run(KINDS_TEXT))
    assert found["that the tax cuts will pay for themselves"] == "belief"
    assert found["to close the state's budget gap by June"] == "intention"
    assert found["the trade deal"] == "evaluation"
    # a bare noun phrase on a speech verb reports no words
    assert found["a new plan for its factories"] == "other"
    assert found["that Clinton leads in Ohio"] == "other"  # "show": no speech verb
    assert found["that the bridge would reopen in May"] == "reported"
    assert found["We will rebuild the bridge,"] == "direct"


def test_only_speech_with_a_speaker_is_listed() -> None:
    doc = run(KINDS_TEXT)
    listed = {q.text for q in doc.quotes if is_listed(q)}
    assert listed == {"that the bridge would reopen in May", "We will rebuild the bridge,"}
    # "He" with nobody named before it is no speaker: the quote is speech, but not listed
    (rigged,) = run("He said the vote was rigged.").quotes
    assert rigged.kind in SPEECH and rigged.speaker_text is None and not is_listed(rigged)


def test_the_speaker_is_the_subject_of_the_speech_verb() -> None:
    doc = run(
        "Elizabeth Warren supporter Zainab Dossaji told reporters that the rally was a "
        "turning point.\n\n"
        "Rice's comments came as Netanyahu turned down an invitation to meet senators, "
        'saying such a session could "compound the misperception" of partisanship.\n\n'
        "A spokesman for Donald Trump said the campaign would release the records soon.\n\n"
        "Moscow said the sanctions had failed to change its policy.\n\n"
        "Ms. Jones met Mr. Smith in Boston on Tuesday. She said the talks had gone well.\n\n"
        "Democrats and Republicans spoke after the vote. Both say the bill has loopholes.\n"
    )
    assert speaker_of(doc, "turning point") == ("Zainab Dossaji", "person")  # not Warren
    assert speaker_of(doc, "such a session") == ("Netanyahu", "person")  # not Rice
    # a spokesman for Trump is not Trump: an unnamed source keeps its descriptor
    assert speaker_of(doc, "release the records") == (
        "A spokesman for Donald Trump",
        "unnamed_source",
    )
    moscow = next(q for q in doc.quotes if "sanctions had failed" in q.text)
    assert speaker_of(doc, "sanctions had failed") is not None and moscow.speaker_text == "Moscow"
    said = speaker_of(doc, "talks had gone well")
    assert said is not None and "Jones" in said[0]  # "she" is the woman, not the nearer man
    both = next(q for q in doc.quotes if "loopholes" in q.text)
    assert both.speaker_text is None and not is_listed(both)


def test_speech_is_scored_on_speech_attributions_only() -> None:
    text = "The mayor said that the bridge would reopen in May. Critics fear that it will not."
    doc = run(text)
    said, fear = text.index("said"), text.index("fear")
    gold = GoldDoc(
        "a1",
        text,
        [
            GoldAttribution(
                ((text.index("that the"), text.index(" Critics") - 1),),
                ((said, said + 4),),
                ((0, 9),),
            ),
            GoldAttribution(((fear + 5, len(text) - 1),), ((fear, fear + 4),), ((52, 59),)),
        ],
    )
    cues = load_cues()
    assert [is_speech(text, g, doc.parse, cues) for g in gold.attributions] == [True, False]
    speech, every = Tally(), Tally()
    score_doc(speech, gold, doc, cues, "speech")
    score_doc(every, gold, doc, cues, "all")
    assert (speech.gold, speech.pred, speech.tp) == (1, 1, 1)
    assert (every.gold, every.pred, every.tp) == (2, 2, 2)
    assert speech.result().keys() == every.result().keys()


def test_lists_show_speech_and_all_shows_the_rest(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(KINDS_TEXT, "utf-8")
    db = str(tmp_path / "k.db")
    runner = CliRunner()
    for args in (["ingest", str(src), "--db", db], ["analyze", "--db", db]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["quotes", "--db", db, "--json"])
    every = runner.invoke(app, ["quotes", "--db", db, "--json", "--all"])
    assert shown.exit_code == 0 and every.exit_code == 0
    speech = [json.loads(line) for line in shown.output.splitlines()]
    rest = [json.loads(line) for line in every.output.splitlines()]
    assert speech and {r["kind"] for r in speech} <= set(SPEECH)
    assert {"belief", "intention", "evaluation"} <= {r["kind"] for r in rest}
    exported = runner.invoke(app, ["export", "--db", db])
    assert {q["kind"] for q in json.loads(exported.output)["quotes"]} <= set(SPEECH)

    client = Client(WebConfig(load_settings({"db": db}, environ={})))
    default = client.get("/api/quotes?limit=200").json()["items"]
    everything = client.get("/api/quotes?limit=200&all=1").json()["items"]
    assert len(default) == len(speech) and len(everything) == len(rest) > len(default)
    page = client.get(f"/api/articles/{speech[0]['article']}?all=1").json()
    assert len(page["quotes"]) == len(rest)


def test_speakers_without_a_parser() -> None:
    def quotes_of(text: str, lang: str) -> dict[str, str | None]:
        doc = AnalysisDoc(Article("a1", "test", "ok", text), language=lang)
        TidyEntitiesStage(load_settings(environ={}))([doc])
        QuotesStage()([doc])
        return {q.text: q.speaker_text for q in doc.quotes}

    ru = quotes_of("«Мы должны выполнить наше слово», — сказал источник агентства.", "ru")
    assert ru == {"Мы должны выполнить наше слово": "источник агентства"}  # not a name
    it = quotes_of(
        "Secondo il presidente del Consiglio Mario Rossi, il governo durerà fino al 2023.\n\n"
        "Secondo quanto riferito dal Telegiornale Regionale, la linea è al momento bloccata.",
        "it",
    )
    said = {t[:10]: s for t, s in it.items()}
    # a name after a preposition hangs on another word; the agent of a participle speaks
    assert said["il governo"] == "Mario Rossi"
    assert said["la linea è"] is not None and "Telegiornale" in said["la linea è"]


def test_phrases_continued_quotations_and_whole_quoted_sentences() -> None:
    """A phrase on a speech verb is reported speech only where the tagger is sure of it; a
    cueless quotation after a cued one joins it; a short quoted sentence is a statement."""
    from newstrace.quotes.extract import Found
    from newstrace.quotes.kinds import kind_of

    text = (
        "Senator Maria Lopez has called for the complete repeal of the health law.\n\n"
        "“His legend will live on,” Spencer said, as a few young fighters worked out inside "
        "the gym while outside some passers-by stopped to take photos of themselves near the "
        "large image of Ali. “His stories will live on — and his example will live on here.”\n\n"
        "Sanders declared “What a Super Tuesday!”\n"
    )
    apart = run(text)  # the stage with no reach keeps the two quotations apart
    assert not any("His stories" in q.text and "His legend" in q.text for q in apart.quotes)
    doc = AnalysisDoc(Article("a1", "test", "ok", text), language="en")
    settings = load_settings(environ={})
    TidyEntitiesStage(settings)([doc])
    QuotesStage.from_settings(settings)([doc])  # continued_reach = 200
    legend = next(q for q in doc.quotes if "His legend" in q.text)
    assert "His stories will live on" in legend.text  # one quote in two fragments
    assert len([e for e in legend.evidence if e.role == "content"]) == 2
    assert kinds(doc)["What a Super Tuesday!"] == "direct"
    start = text.index("the complete repeal")
    phrase = Found(
        ((start, text.index(".", start)),),
        "indirect",
        (text.index("called"), start - 5),
        None,
        (0, 70),
    )
    cues = load_cues()
    assert kind_of(phrase, doc.parse, text, "en", cues) == "other"  # no tagger sure of it
    # words quoted on a speech verb are words said, a label too, where the reader is sure
    label = "Former Florida Gov. Jeb Bush called Trump “unhinged.”"
    ldoc = run(label)
    called = Found(
        ((label.index("Trump"), len(label)),),
        "indirect",
        (label.index("called"), label.index(" Trump")),
        None,
        (0, len(label)),
    )
    assert kind_of(called, ldoc.parse, label, "en", cues, confident=True) == "reported"
    assert kind_of(called, ldoc.parse, label, "en", cues, confident=False) == "other"
    assert kind_of(phrase, doc.parse, text, "en", cues, phrase_confident=True) == "reported"


def test_coordinated_speakers_plural_pronouns_and_colon_quotations() -> None:
    doc = run(
        "Senator Elizabeth Warren and Senator Bernie Sanders said the bill would hurt "
        "workers.\n\n"
        "Microsoft said on Friday that its profits had risen.\n\n"
        "Paul Ryan met Mitch McConnell and Nancy Pelosi in Washington. They said the budget "
        "talks would continue.\n\n"
        "Governor Jerry Brown arrived in Sacramento on Monday and told reporters that the "
        "drought was over.\n\n"
        "The network asked the campaign about the policy. Breitbart News responded:\n\n"
        '"If there are people in this country who are dangerous, we have to keep them away '
        'from firearms."\n\n'
        "In Ohio, the campaign said that turnout had doubled.\n"
    )
    # coordination: both names are the speaker's words, the first speaks for them
    bill = next(q for q in doc.quotes if "hurt workers" in q.text)
    assert bill.speaker_text == "Senator Elizabeth Warren and Senator Bernie Sanders"
    assert speaker_of(doc, "hurt workers") == ("Elizabeth Warren", "person")
    # "they" after three people is none of them, nor the company quoted before
    talks = next(q for q in doc.quotes if "budget talks" in q.text)
    assert talks.speaker_text is None and not is_listed(talks)
    # the subject of the first of two coordinated verbs tells
    assert speaker_of(doc, "drought was over") == ("Jerry Brown", "person")
    # a quotation after "X responded:" (on the next line) is X's
    assert speaker_of(doc, "keep them away") == ("Breitbart News", "organization")
    # a place that only sets the scene is no speaker
    turnout = next(q for q in doc.quotes if "turnout had doubled" in q.text)
    assert turnout.speaker_text == "the campaign" and speaker_of(doc, "turnout") is None


def test_moscow_speaks_as_a_state() -> None:
    doc = run("Moscow said the sanctions had failed to change its policy.")
    assert speaker_of(doc, "sanctions had failed") == ("Moscow", "state")


def test_a_person_after_a_name_the_preposition_takes_heads_the_phrase() -> None:
    doc = run(
        "In 2014, the leader of the League Matteo Salvini said his party had never received "
        "money from Moscow.\n\n"
        "A spokesman for Donald Trump said the campaign would release the records soon.\n"
    )
    assert speaker_of(doc, "never received") == ("Matteo Salvini", "person")
    assert speaker_of(doc, "release the records") == (
        "A spokesman for Donald Trump",
        "unnamed_source",
    )


def test_a_garbled_subject_hearsay_and_a_label_name_no_speaker_or_no_speech() -> None:
    """Issue #28's seed bar: a speech verb whose parse has two subjects, the nearer a name run
    on from a relative clause, names nobody (not the nearest name); a noun cue in a phrase of
    circumstance ("amid reports that …") is nobody's speech, though "in a statement" is its
    verb's; "described X as “label”" is a label, not words reported."""
    garbled_text = (
        "Party links Giulia Verdi, the leader of the “Blue Front”, which joins the alliance that"
        " includes the party “Forward, Italy” Tajani told reporters that his party will seek the"
        " defence ministry."
    )
    doc = run(garbled_text)
    told = next(t for t in doc.parse if t.text == "told")
    assert garbled(told)
    (seek,) = [q for q in doc.quotes if q.cue == "told"]
    assert seek.text == "that his party will seek the defence ministry"
    assert seek.speaker_text is None and not is_listed(seek)
    # a plain subject is no guess
    doc = run("The minister told reporters that the bridge would reopen in May.")
    assert not any(garbled(t) for t in doc.parse)
    (said,) = doc.quotes
    assert said.speaker_text == "The minister" and is_listed(said)
    doc = run("The minister said in a statement that the bridge would reopen in May.")
    statement = next(t for t in doc.parse if t.text == "statement")
    assert not speakerless(doc.parse, (statement.idx, statement.idx + len(statement.text)))

    doc = run(
        "In 2019, amid reports that the mayor of Paris had received money from Qatar, the"
        " governor Luca Zaia said his region had never taken any funds."
    )
    reports = next(t for t in doc.parse if t.text == "reports")
    assert speakerless(doc.parse, (reports.idx, reports.idx + len(reports.text)))
    (zaia,) = doc.quotes
    assert zaia.text == "his region had never taken any funds" and is_listed(zaia)

    doc = run(
        "He described the Greens as “a deeply irresponsible political force” and said he saw no"
        " room for a deal."
    )
    by_cue = {q.cue: q for q in doc.quotes}
    assert by_cue["described"].kind == "evaluation" and not is_listed(by_cue["described"])
    assert by_cue["said"].kind == "reported"
