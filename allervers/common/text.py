"""Text folding shared by commune resolution and full-text search, and numbers as French readers write them."""

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

import snowballstemmer

_NON_WORD = re.compile(r"[^a-z0-9]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_STEMMER = snowballstemmer.stemmer("french")
# Short words that carry no meaning in a search ("violences de la femme" -> violenc femm).
STOP_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "d",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "et",
        "eux",
        "il",
        "je",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "lui",
        "m",
        "ma",
        "mais",
        "me",
        "meme",
        "mes",
        "moi",
        "mon",
        "n",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "s",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "t",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
    ]
)


class _FoldTable(dict[int, str]):
    """Per character, what fold keeps of it before lower-casing: its NFKD decomposition without combining marks.

    NFKD decomposes character by character and canonical reordering only moves combining marks, which are all
    dropped: folding a text character by character through this table gives what normalising it whole gives.
    Filled as characters are met; str.translate then does the work in C.
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        kept = self[code] = "".join(char for char in decomposed if not unicodedata.combining(char))
        return kept


_FOLD_TABLE = _FoldTable({ord("œ"): "oe", ord("Œ"): "oe", ord("æ"): "ae", ord("Æ"): "ae"})


def fold(text: str) -> str:
    """Lower case, no accents, ligatures expanded, any punctuation as a single space."""
    if not text.isascii():
        text = text.translate(_FOLD_TABLE)
    return _NON_WORD.sub(" ", text.lower()).strip()


def place_key(name: str) -> str:
    """The comparable form of a place name: folded, with St/Ste written out."""
    return " ".join(_ABBREVIATIONS.get(word, word) for word in fold(name).split())


# Large enough for a national import's vocabulary (place names, words of descriptions): a word missing from the
# cache costs the pure-Python stemmer about 0.1 ms.
@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    if word.isdigit():  # the French stemmer leaves numbers as they are (they have no vowel, hence no suffix)
        return word
    return str(_STEMMER.stemWord(word))


def search_tokens(text: str) -> list[str]:
    """Stemmed, accent-free words of a text, without stop words, in order, without repeats."""
    seen: dict[str, None] = {}
    for word in fold(text).split():
        if word in STOP_WORDS:
            continue
        seen.setdefault(_stem(word), None)
    return list(seen)


def french_number(value: Decimal) -> str:
    """1 234,5 — as a French reader writes it, without useless decimals."""
    text = f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
    return text.removesuffix(",00")
