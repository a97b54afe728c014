"""Names learnt from how the corpus writes its words, for questions typed in lower case."""

from caseqa.answer.names import corpus_names, names_in

SENTENCES = [
    "In 2016, Alibaba acquired Lazada for its reach.",
    "The deal made Lazada the leader of the Alibaba Group in the region.",
    "Lazada runs a mall; the group also owns Taobao Mall.",
    "It bought Trendyol (Turkey), Daraz and others.",
    "Payments went through the group and Qiwi.",
]


def test_words_the_corpus_capitalises_on_their_own_are_names():
    names = corpus_names(SENTENCES)
    assert {"alibaba", "lazada", "qiwi", "trendyol"} <= names
    # after a punctuation mark, a capital starts a new name
    assert "daraz" in names
    # capitalised only inside "Alibaba Group" and "Taobao Mall": no name on its own
    assert not {"group", "mall"} & names
    # the first word of a sentence says nothing
    assert "in" not in names and "payments" not in names


def test_a_question_names_them_however_it_writes_them():
    names = corpus_names(SENTENCES)
    assert names_in("how much did alibaba pay for LAZADA?", names) == ["alibaba", "LAZADA"]
    assert names_in("lazada: which group owns the mall?", names) == ["lazada"]
