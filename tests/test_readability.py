"""The readability measures, checked against figures worked out by hand.

Syllable counts below are the Dutch hyphenation a reader would write down ("kin-de-ren"); the
expected Flesch–Douma scores are computed here from those counts with Douma's formula
206.835 − 0.93 × words/sentence − 77 × syllables/word, not taken from the module.
"""

import pytest

from glossary.readability import is_uncommon, measure, sentences, syllables, words


def test_a_dutch_word_has_the_syllables_of_its_hyphenation():
    # kin-de-ren, ge-zin-nen, hulp-ver-le-ner, on-der-steu-ning
    assert syllables("kinderen") == 3
    assert syllables("gezinnen") == 3
    assert syllables("hulpverlener") == 4
    assert syllables("ondersteuning") == 4


def test_a_hyphenated_word_is_counted_part_by_part_and_an_apostrophe_is_dropped():
    # e + mail = 2; dilemma's is hyphenated as di-lem-mas = 3
    assert syllables("e-mail") == 2
    assert syllables("dilemma's") == 3


def test_words_keep_inner_apostrophes_and_hyphens_but_not_quotes_or_punctuation():
    assert words("'aanbod' is e-mail, dilemma's en 2022.") == [
        "aanbod",
        "is",
        "e-mail",
        "dilemma's",
        "en",
        "2022",
    ]


def test_sentences_end_at_full_stops_question_marks_and_line_breaks():
    assert sentences("Wat is het? Het is hulp. Dat is alles!\n- een lijst") == [
        "Wat is het?",
        "Het is hulp.",
        "Dat is alles!",
        "- een lijst",
    ]


def test_flesch_douma_of_six_one_syllable_words_in_one_sentence():
    # "De kat zit op de mat.": 6 words, 1 sentence, 6 syllables.
    # 206.835 − 0.93 × 6 − 77 × 1 = 206.835 − 5.58 − 77 = 124.255
    result = measure("De kat zit op de mat.")
    assert (result.words, result.sentences, result.syllables) == (6, 1, 6)
    assert result.flesch_douma == pytest.approx(124.255)


def test_flesch_douma_of_two_sentences_with_longer_words():
    # kin-de-ren 3, spe-len 2, bui-ten 2, ou-ders 2, kij-ken 2 → 11 syllables, 5 words,
    # 2 sentences: 206.835 − 0.93 × 2.5 − 77 × 2.2 = 206.835 − 2.325 − 169.4 = 35.11
    result = measure("Kinderen spelen buiten. Ouders kijken.")
    assert (result.words, result.sentences, result.syllables) == (5, 2, 11)
    assert result.mean_sentence_length == pytest.approx(2.5)
    assert result.flesch_douma == pytest.approx(35.11)


def test_uncommon_words_are_rarer_than_once_per_million():
    # wordfreq (nl): "school" Zipf 5.5, "loket" 3.4; "mediawijs" 2.1, "beeldbellen" 1.2
    assert not is_uncommon("school")
    assert not is_uncommon("loket")
    assert is_uncommon("mediawijs")
    assert is_uncommon("beeldbellen")


def test_the_share_of_uncommon_words_leaves_out_the_concepts_own_label_words():
    # 5 words, one of them ("beeldbellen") uncommon: 1/5 = 20 %; as a label word: 0 %.
    text = "Beeldbellen is bellen met beeld."
    assert measure(text).uncommon == ("Beeldbellen",)
    assert measure(text).uncommon_share == pytest.approx(0.2)
    assert measure(text, labels=["beeldbellen"]).uncommon_share == 0


def test_the_aims_name_what_misses_them():
    easy = measure("De kat zit op de mat.")
    assert easy.problems() == []
    hard = measure("Kinderen spelen buiten. Ouders kijken.")
    assert hard.problems() == ["Flesch–Douma 35.1 (at least 65)"]
