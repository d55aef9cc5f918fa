"""Mentions that make no actor, and evidence that a one-word "person" is one.

By general rules, not lists of the names seen: a span cut out of a longer word or hyphenated
name ("Lewis" of "Montoya-Lewis"), the abbreviation of a US state in a dateline ("Calif."), and
a one-word name the article also writes in lower case (a common noun: "institute", "awards").
A one-word person that no full name, title or knowledge-base entry backs is only a guess of
the recogniser (a city, a brand): the actors stage does not keep it as a person."""

from __future__ import annotations

import re

from ..model import Mention
from ..text import name_key
from .names import TITLES

# AP-style abbreviations of US states, as written in datelines and party tags ("Calif.",
# "N.Y."): a general class of non-actors, keyed like names (newstrace.text.name_key).
_AP_STATES = (
    "Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Kans. Ky. La. Md. Mass. "
    "Mich. Minn. Miss. Mo. Mont. Neb. Nebr. Nev. N.H. N.J. N.M. N.Y. N.C. N.D. Okla. Ore. Pa. "
    "Penn. R.I. S.C. S.D. Tenn. Tex. Vt. Va. Wash. W.Va. Wis. Wisc. Wyo."
)
US_STATE_ABBREVIATIONS = frozenset(name_key(a) for a in _AP_STATES.split())
TITLE_WORDS = frozenset(t.rstrip(".") for t in TITLES)
_TITLE_BEFORE = re.compile(
    r"(?:^|\W)(?:" + "|".join(re.escape(t) for t in TITLES) + r")\s+$", re.IGNORECASE
)


def cut_off(text: str, m: Mention) -> bool:
    """The span is part of a longer word, or one part of a hyphenated proper name."""
    if not text:
        return False
    before = text[max(0, m.start - 2) : m.start]
    after = text[m.end : m.end + 2]
    if spaced_letter(before[-1:]) or spaced_letter(after[:1]):
        return True
    # "Eakin" of "Holtz-Eakin", "Montoya" of "Montoya-Lewis"
    if hyphen_head(text, m) and (m.type != "person" or " " not in m.text.strip()):
        # "Eakin" of "Holtz-Eakin", "Mars" of "Earth-Mars"; a person's name of two words is
        # kept as read ("Julien Rojer" of "Jean-Julien Rojer": "Coty-Kylie Jenner" is no name)
        return True
    return after[:1] == "-" and after[1:2].isupper()


def hyphen_head(text: str, m: Mention) -> bool:
    """A capitalised word and a hyphen stand right before the span ("Holtz-" of
    "Holtz-Eakin"), not a prefix ("Anti-Trump")."""
    found = _CAPITALISED_HYPHEN.search(text[max(0, m.start - 30) : m.start])
    return found is not None and found.group(1).lower() not in PREFIXES


_CAPITALISED_HYPHEN = re.compile(r"(?<![\w-])([A-ZÀ-ÞА-ЯЁ][^\W\d_]*)-$")
# Prefixes a sentence may start with before a name ("Anti-Trump", "Pro-Kremlin", "Ex-Obama")
PREFIXES = frozenset(
    [
        "anti",
        "pro",
        "non",
        "ex",
        "post",
        "pre",
        "neo",
        "mid",
        "pan",
        "un",
        "self",
        "multi",
        "inter",
        "trans",
        "super",
        "ultra",
        "semi",
        "co",
        "counter",
        "all",
        "afro",
        "euro",
    ]
)


def spaced_letter(ch: str) -> bool:
    """A letter or digit of a script that puts spaces between words (Latin, Greek, Cyrillic):
    in Chinese or Japanese a name touches the next word by design."""
    return ch.isalnum() and ord(ch) < 0x0530


_WORD_BEFORE = re.compile(r"(^|[.!?:;\"“”«»]\s+|\S\s)?(\w[\w.'’-]*) $")
_WORD_AFTER = re.compile(r"^ (\w[\w'’-]*)")


def in_longer_name(text: str, m: Mention) -> bool:
    """The span is one word of a longer capitalised name ("Acción" of "Acción Humanista"): a
    capitalised word touches it, other than a sentence's first word or a title."""
    after = _WORD_AFTER.match(text[m.end : m.end + 40])
    if after and after.group(1)[:1].isupper():
        return True
    before = _WORD_BEFORE.search(text[max(0, m.start - 40) : m.start])
    if not before or not before.group(2)[:1].isupper():
        return False
    first_of_sentence = before.group(1) is None or not before.group(1).strip(" ")[-1:].isalnum()
    return not first_of_sentence and before.group(2).lower().rstrip(".") not in TITLE_WORDS


def before_a_name(text: str, m: Mention) -> bool:
    """A capitalised word follows the span: a first name the recogniser cut from its surname
    ("James" of "James O’Neill"), or one word of a longer name."""
    after = _WORD_AFTER.match(text[m.end : m.end + 40])
    return after is not None and after.group(1)[:1].isupper()


_TAIL_OF = re.compile(r"\b[A-Z][\w'’-]* (?:of|for|on|de|di|del|des|du|der|für) $")


def tail_of_name(text: str, m: Mention) -> bool:
    """The span is the tail of a longer name ("Transatlantic Relations" of "Center for
    Transatlantic Relations")."""
    return _TAIL_OF.search(text[max(0, m.start - 40) : m.start]) is not None


def unnamed(m: Mention) -> bool:
    """No capital letter in a cased script: words ("we can"), not a name."""
    letters = [c for c in m.text if c.isalpha() and c.lower() != c.upper()]
    return bool(letters) and not any(c.isupper() for c in letters)


# Short words a title-case headline leaves in lower case.
_HEADLINE_LOWER = (
    "and the for but nor yet its per via with from into over this that than about onto"
)
HEADLINE_LOWER = frozenset(_HEADLINE_LOWER.split())


# Closed-class words a title-case headline capitalises ("Trump Is Right", "Headed to ER But
# Diverted") and a sentence of names does not ("Italy and Brothers of Italy").
_HEADLINE_CAPITALS = (
    "A An And Or But Nor To Of In On At For With From As By Is Are Was Were Be Been Has Have"
    " Had Will Would Could Can Should May Might Must Says Said Over After Up Out Into Not No"
    " Its His Her Their Our Your My This That These Those"
)
HEADLINE_CAPITALS = frozenset(_HEADLINE_CAPITALS.split())


def title_case(sentence: str) -> bool:
    """A headline written in title case ("Donald Trump Is Right, Thousands of Shootings in
    Chicago"): every word of three letters or more is capitalised but a few function words,
    and a function word after the first is capitalised too. What a recogniser reads as names
    there is unreliable."""
    words = re.findall(r"[^\W\d_][\w'’-]*", sentence)
    capitalised = sum(w[:1].isupper() for w in words)
    lower = [w for w in words if len(w) >= 3 and w[:1].islower() and w not in HEADLINE_LOWER]
    return capitalised >= 3 and not lower and any(w in HEADLINE_CAPITALS for w in words[1:])


def state_abbreviation(text: str, m: Mention) -> bool:
    """ "Calif." in "LOS ANGELES, Calif.": a US state's abbreviation, with its full stop."""
    if name_key(m.text) not in US_STATE_ABBREVIATIONS:
        return False
    return m.text.rstrip().endswith(".") or text[m.end : m.end + 1] == "."


def written_lower(text: str, word: str) -> bool:
    """The article writes ``word`` in lower case too: a common noun ("the institute")."""
    lower = word.lower()
    if not lower.isalpha() or lower == word:
        return False
    return re.search(r"(?<!\w)" + re.escape(lower) + r"(?!\w)", text) is not None


# Words before a name that a person's name does not take ("the Institute", "into Tolyatti").
NOT_BEFORE_A_PERSON = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "its", "their", "our", "in", "into"}
)


def impersonal(text: str, m: Mention) -> bool:
    """The word before the name is one a person's name does not follow."""
    before = text[max(0, m.start - 12) : m.start].split()
    return bool(before) and before[-1].lower() in NOT_BEFORE_A_PERSON and text[m.start - 1] == " "


def titled(text: str, m: Mention) -> bool:
    """A title or honorific stands before the name ("Sen. Kaine", "Mr. Kaine")."""
    return _TITLE_BEFORE.search(text[max(0, m.start - 40) : m.start]) is not None or any(
        m.text.lower().startswith(t + " ") for t in TITLES
    )


# Compass points and the vague regions named after them ("the West", "between East and
# West", "the North of Italy"), in the languages newstrace reads: directions, not actors.
_DIRECTIONS = (
    "north south east west northeast northwest southeast southwest occident orient"
    " nord sud est ovest occidente oriente settentrione meridione"
    " север юг восток запад"
    " norden süden osten westen nordosten nordwesten südosten südwesten ost süd"
    " ouest"
    " norte sur este oeste"
)
DIRECTIONS = frozenset(_DIRECTIONS.split())


def direction(m: Mention) -> bool:
    """The name is a compass point alone ("West", "the North"): a direction, no actor."""
    return name_key(m.text) in DIRECTIONS


# Head words of the names of organisations: a name holding one is no person ("Rossiyskaya
# Gazeta", "Kohelet Policy Forum"), whatever the recogniser read.
_ORGANISATION_WORDS = (
    "gazeta gazette times post news journal herald tribune daily telegraph press agency"
    " ministry ministero ministerium ministère ministerio министерство university università"
    " universität université universidad университет institute istituto institut институт"
    " forum foundation fondazione stiftung fondation fundación фонд bank banca банк"
    " corporation company inc ltd llc group gruppo council consiglio committee comitato"
    " commission commissione court tribunale corte army esercito armee армия insider report"
    " gazzetta corriere stampa messaggero zeitung газета parliament parlamento parlement"
    " senate senato sénat senado congress congresso government governo regierung"
)
ORGANISATION_WORDS = frozenset(_ORGANISATION_WORDS.split())
# Those that name no place either ("Johns Hopkins University" read as a place); "West Bank",
# "Times Square", "Hampton Court" keep their place.
_INSTITUTION_WORDS = (
    "gazeta gazette gazzetta zeitung газета journal agency ministry ministero ministerium"
    " ministère ministerio министерство university università universität université"
    " universidad университет institute istituto institut институт forum foundation"
    " fondazione stiftung fondation fundación corporation company inc ltd llc"
)
INSTITUTION_WORDS = frozenset(_INSTITUTION_WORDS.split())


def organisation_name(name: str, words: frozenset[str] = ORGANISATION_WORDS) -> bool:
    """A word of a name of two words or more is the head word of an organisation's name
    ("Rossiyskaya Gazeta"); a head word alone ("the Institute") is a common noun, left to
    the junk rules."""
    keys = name_key(name).split()
    return len(keys) > 1 and any(word in words for word in keys)


# Words that open a sentence and that a recogniser glues to the name after them ("Yet
# Sondland has already amended his testimony"): no first name.
_OPENERS = (
    "Yet Still Then Now Also However Meanwhile Instead Even Only So Thus Why When While Where"
    " If Although Though Because Since After Before And But Or Nor As"
)
OPENERS = frozenset(_OPENERS.split())


def without_opener(name: str) -> str:
    """A name of several words without a sentence opener glued before it."""
    first, _, rest = name.partition(" ")
    return rest if first in OPENERS and rest[:1].isupper() else name


def gerund_opener(text: str, m: Mention, name: str) -> str | None:
    """The rest of a name that opens its sentence with a capitalised gerund ("Hosting Cook at
    Dreamforce is our dream"), or None: the verb is no first name."""
    first, _, rest = name.partition(" ")
    opens = not text[m.sentence_start : m.start].strip(" \t\n\"'“‘«(")
    gerund = len(first) >= 6 and first.endswith("ing") and first[:1].isupper()
    return rest if opens and gerund and rest[:1].isupper() else None


def glued_words(text: str, name: str) -> bool:
    """A name of three words or more with an inner capitalised word the article also writes
    in lower case ("Donald Trump Calls Out Ted Cruz", a headline read as one name): words and
    names glued together, not one person's name."""
    words = name.split()
    return len(words) >= 3 and any(
        w.lower() not in PARTICLES and written_lower(text, w) for w in words[1:-1]
    )


# Particles that start a surname ("de Blasio", "Van Der Beek", "al-Assad", "bin Salman").
_PARTICLES = "de di da del della dei van von der den ter ten la le du al el bin ibn ben dos das"
PARTICLES = frozenset(_PARTICLES.split())
# Lower-case words that end a hyphenated compound, not a name ("Putin-led", "Gore-era").
_TAILS = "led era run like type born made free wide style based backed"
COMPOUND_TAILS = frozenset(_TAILS.split())
_HYPHEN_TAIL = re.compile(r"^-([^\W\d_]{2,4})(?![\w-])")


def completed_name(text: str, m: Mention, name: str) -> str:
    """A person's name with what the recogniser left out of it: the lower-case rest of a
    hyphenated given name ("Tsai Ing" of "Tsai Ing-wen", "Kim Jong" of "Kim Jong-un"), and
    a person's or a place's name without a lower-case word glued before it ("dan Umar",
    "fiume Ambarnaya"); a surname's particle stays ("de Blasio")."""
    words = name.split()
    # one lower-case word before a capitalised one; "stretto di Kerch" stays whole
    glued = m.type in ("person", "place") and len(words) > 1 and words[0].isalpha()
    glued = glued and words[0].islower()  # "super PACs" stays the organisation's name
    if glued and words[1][:1].isupper() and not (m.type == "person" and words[0] in PARTICLES):
        words = words[1:]
    name = " ".join(words)
    if m.type != "person" or len(words) < 2 or len(words[-1]) > 4:
        return name
    tail = _HYPHEN_TAIL.match(text[m.end : m.end + 8])
    if tail and tail.group(1).islower() and tail.group(1) not in COMPOUND_TAILS:
        return f"{name}-{tail.group(1)}"
    return name


# The head words of the names of laws and treaties ("Clean Air Act of 1970", "Fifth
# Amendment", "North American Free Trade Agreement"): texts, not actors.
LAW_WORDS = frozenset(
    ["act", "acts", "amendment", "amendments", "treaty", "agreement", "accord", "accords"]
)
_OF_YEAR = re.compile(r"\s+of\s+\d{4}$")


def law_name(name: str) -> bool:
    """A name of two words or more whose head word is a law's or a treaty's."""
    words = name_key(_OF_YEAR.sub("", name)).split()
    return len(words) > 1 and words[-1] in LAW_WORDS


# Honorifics that only a person's name takes ("Mr. Xi", "Senator Ron Wyden"); a title such as
# "leader" or "head" also stands before bodies ("majority leader House ...").
_HONORIFICS = (
    "mr mrs ms miss dr sen senator rep gov governor sir dame lord lady signor signora sig"
    " herr frau monsieur madame mme"
)
HONORIFICS = frozenset(_HONORIFICS.split())
_HONORIFIC_BEFORE = re.compile(r"(?:^|[^\w.])(\w+)\.? $")


def honoured(text: str, m: Mention) -> bool:
    """An honorific stands before the name, or opens it ("Mr. Xi", "Senator Ron Wyden")."""
    first = m.text.split(" ", 1)[0].rstrip(".").lower()
    if first in HONORIFICS and " " in m.text:
        return True
    before = _HONORIFIC_BEFORE.search(text[max(0, m.start - 12) : m.start])
    return before is not None and before.group(1).lower() in HONORIFICS


# The last words of products' names ("MacBook Pro", "Stadia Controller", "Mac Mini", "Xbox
# Console"); "Air" and "Plus" also end companies' names ("Alaska Air", "Canal Plus")
PRODUCT_WORDS = frozenset({"pro", "pros", "max", "mini", "controller", "console"})
# a size in words: an inch mark (") is also the quotation mark closing '... in 2016," Weaver'
_MEASURE = re.compile(r"\d[\d.,]*[- ]?(?:inch(?:es)?|mm|cm)[- ]$", re.IGNORECASE)


def product_name(name: str) -> bool:
    """A name of two words or more that ends in a product's word ("MacBook Pro")."""
    words = name_key(name).split()
    return len(words) > 1 and words[-1] in PRODUCT_WORDS


def product_line(name: str) -> str | None:
    """The name key of the line a product's name belongs to ("stadia" of "Stadia Pro",
    "macbook" of "MacBook Pro"), or None."""
    words = name_key(name).split()
    return " ".join(words[:-1]) if product_name(name) else None


def measured(text: str, m: Mention) -> bool:
    """A size stands before the name ("the 16-inch MacBook Pro", read as "Inch MacBook Pro"):
    a thing made, not an actor."""
    before = text[max(0, m.start - 16) : m.start]
    if m.text.lower().startswith("inch ") and re.search(r"\d[- ]?$", before):
        return True
    return _MEASURE.search(before) is not None
