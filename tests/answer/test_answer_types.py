"""Answer-type detection from the question, and the span to highlight in a sentence."""

import pytest

from caseqa.answer.answer_types import (
    MAX_LIST_SENTENCES,
    MAX_OTHER_SENTENCES,
    MAX_SEVERAL_NAMES_SENTENCES,
    MAX_TWO_PART_SENTENCES,
    AnswerType,
    asks_for_several,
    asks_two_things,
    counted_noun,
    detect_answer_type,
    find_answer_span,
    sentence_limit,
)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("When did Alibaba acquire Lazada?", AnswerType.DATE),
        ("In what year did AliExpress enter Russia?", AnswerType.DATE),
        ("How much did Alibaba invest in Lazada?", AnswerType.NUMBER),
        ("What share of revenue came from abroad?", AnswerType.NUMBER),
        ("How many buyers does AliExpress have?", AnswerType.NUMBER),
        ("Who is the CEO of Lazada?", AnswerType.NAME),
        ("Who is Jack Ma?", AnswerType.OTHER),  # asks what he is, not for another name
        ("Who was Peng Lei", AnswerType.OTHER),
        ("Which company did Alibaba buy in Southeast Asia?", AnswerType.NAME),
        ("What drove Alibaba to expand abroad?", AnswerType.LIST),
        ("Why did Alibaba acquire rather than build?", AnswerType.LIST),
        ("How did AliExpress enter Russia?", AnswerType.LIST),
        ("What were the challenges in Western markets?", AnswerType.LIST),
        ("What is AliExpress?", AnswerType.OTHER),
        ("What was Alibaba Group's total revenue in 2019?", AnswerType.NUMBER),
        ("What was Lazada's gross merchandise volume in 2020?", AnswerType.NUMBER),
        ("Lazada number of employees", AnswerType.NUMBER),
        ("alibaba lazada acquisition year", AnswerType.DATE),  # a keyword query asking for a date
        ("How did the Singles' Day sales change year", AnswerType.LIST),
        ("What is Alibaba's market capitalization?", AnswerType.NUMBER),
        ("What factors drove sales growth abroad?", AnswerType.LIST),
        ("What is the value proposition of AliExpress?", AnswerType.OTHER),
        ("Which online retailers competed with AliExpress?", AnswerType.NAME),
        ("What made the city-state of Singapore useful?", AnswerType.LIST),
        ("What downside did the low-price strategy have?", AnswerType.LIST),
        ("Compare how Alibaba entered Russia with how it entered Southeast Asia.", AnswerType.LIST),
        ("By when had AliExpress become the leading site in Russia?", AnswerType.DATE),
        # a leading clause is not the question: this one asks for a count
        ("When AliExpress opened warehouses abroad in 2015, how many countries did they cover?", AnswerType.NUMBER),
    ],
)
def test_answer_type_detection(question, expected):
    assert detect_answer_type(question) == expected


@pytest.mark.parametrize(
    ("sentence", "answer_type", "question", "span"),
    [
        ("In April 2016, Alibaba acquired Lazada.", AnswerType.DATE, "When did Alibaba acquire Lazada?", "April 2016"),
        ("It raised its stake in 2017 to 83% with US\\$1 billion.", AnswerType.NUMBER, "What stake?", "83%"),
        ("Revenue rose to 7 trillion yuan in 2017.", AnswerType.NUMBER, "How much?", "7 trillion yuan"),
        ("Peng Lei will serve as CEO of Lazada.", AnswerType.NAME, "Who is the CEO of Lazada?", "Peng Lei"),
        # a name the question already gives is skipped, and a leading "The" is not part of a name
        ("The Alibaba Group was founded by Jack Ma in 1999.", AnswerType.NAME, "Who founded Alibaba?", "Jack Ma"),
        ("The Lazada Group hired Peng Lei.", AnswerType.NAME, "Who did Alibaba hire?", "Lazada Group"),
        # "of" joins two names, but does not end one
        ("He met President Donald Trump of the United States.", AnswerType.NAME, "Who did he meet?", "President Donald Trump"),
        ("It partnered with the Bank of China in 2015.", AnswerType.NAME, "Which lender did it work with?", "Bank of China"),
        # a word saying where something is from, or a reference to a figure, names no one
        ("It helped Russian sellers work with Qiwi.", AnswerType.NAME, "Which partners did it use?", "Qiwi"),
        ("As Figure 8 shows, it bought Trendyol.", AnswerType.NAME, "Which company did it buy?", "Trendyol"),
        ("The deal closed in 2016.", AnswerType.NUMBER, "How much did it cost?", None),
        ("It was founded in 1999 and listed in 2014.", AnswerType.DATE, "When was it founded, after 1999?", "2014"),
        # the figure must be of the kind asked for: a percentage, an amount of money, or any count
        ("It paid \\$500 million for Snapdeal in 2015.", AnswerType.NUMBER, "What percentage of Snapdeal?", None),
        ("It paid \\$500 million for 40% of Snapdeal.", AnswerType.NUMBER, "What share did it buy?", "40%"),
        ("It spans five continents, 70% of projects in three.", AnswerType.NUMBER, "In what proportions?", "70%"),
        ("It has 3 million users and earned \\$5 billion.", AnswerType.NUMBER, "How much did it pay?", "\\$5 billion"),
        ("Revenue grew 42% year-on-year.", AnswerType.NUMBER, "How much did revenue grow?", "42%"),
        # naming the currency asks for an amount: growth does not answer it
        ("Revenue grew 42% to \\$1 billion.", AnswerType.NUMBER, "What was revenue in dollars?", "\\$1 billion"),
        ("Revenue grew 42% year-on-year.", AnswerType.NUMBER, "What was revenue in dollars?", None),
        ("It has 3 million users and 40% of sales.", AnswerType.NUMBER, "How many users?", "3 million users"),
        # a span of time answers only a question about time
        ("It has been in Russia for six years.", AnswerType.NUMBER, "How many employees does it have?", None),
        ("Parcels took 60 days to arrive.", AnswerType.NUMBER, "How long did parcels take?", "60 days"),
        # neither an ordinal nor a year followed by a comma is a figure
        ("In 2013, the 21st Century Road reached 4.4 billion people.", AnswerType.NUMBER, "What population?", "4.4 billion"),
        # the day of a date counts nothing, and "one" alone is no count; with a scale word it is
        ("On March 28, 2015, the plan was published.", AnswerType.NUMBER, "What population?", None),
        ("On March 28, 2015, it reached 4.4 billion people.", AnswerType.NUMBER, "What population?", "4.4 billion"),
        ('It joined "One Belt, One Road" as one of the first.', AnswerType.NUMBER, "How many partners?", None),
        ("It served one million buyers.", AnswerType.NUMBER, "How many buyers?", "one million"),
        # "how many" asks for a count, not a share
        ("52% of Russians shop online, nearly 40 million people.", AnswerType.NUMBER, "How many Russians shop online?", "40 million"),
        # "how many orders" wants the figure the orders follow, not an earlier figure in a name
        ('In "double 11", Russians placed 3 million orders.', AnswerType.NUMBER, "How many orders?", "3 million orders"),
        ("It has 12 shops and 2 million new sellers.", AnswerType.NUMBER, "How many sellers did it have?", "2 million"),
        ("It has 12 shops and 2 million new sellers.", AnswerType.NUMBER, "How many buyers did it have?", "12"),
    ],
)
def test_answer_span(sentence, answer_type, question, span):
    found = find_answer_span(sentence, answer_type, question)
    assert (sentence[slice(*found)] if found else None) == span


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("How many orders did Russians place in 2014?", "orders"),
        ("How many Russian local sellers had joined AliExpress?", "sellers"),
        ("How many nations and territories can shop there?", "nations"),
        ("Alibaba Lazada number of employees", "employees"),
        ("How many packages a day could the post handle?", "packages"),
        ("How many did it buy?", None),
        ("When did Alibaba buy Lazada?", None),
    ],
)
def test_counted_noun(question, counted):
    assert counted_noun(question) == counted


@pytest.mark.parametrize(
    ("question", "several"),
    [
        ("Which Indian companies did Alibaba invest in?", True),
        ("Which local partners did AliExpress work with in Russia?", True),
        ("Which company did Alibaba buy in Turkey?", False),
        ("Who is the CEO of Lazada?", False),
    ],
)
def test_questions_that_ask_for_several_names(question, several):
    assert asks_for_several(question) is several


@pytest.mark.parametrize(
    ("question", "two"),
    [
        ("When did Alibaba list in New York, and why does that date matter?", True),
        ("In which year did deals peak, and with how many deals?", True),
        ("What share did Tmall take in 2016 versus 2017?", True),
        ("How did Alibaba enter Russia and Southeast Asia?", False),
        ("When did Alibaba buy Lazada?", False),
    ],
)
def test_questions_that_ask_two_things(question, two):
    assert asks_two_things(question) is two


@pytest.mark.parametrize(
    ("question", "answer_type", "limit"),
    [
        ("Which company did Alibaba buy in Turkey?", AnswerType.NAME, 1),
        ("Which companies did Alibaba buy in India?", AnswerType.NAME, MAX_SEVERAL_NAMES_SENTENCES),
        ("When did Alibaba buy Lazada, and why?", AnswerType.DATE, MAX_TWO_PART_SENTENCES),
        ("What drove Alibaba abroad?", AnswerType.LIST, MAX_LIST_SENTENCES),
        ("What is Tmall World?", AnswerType.OTHER, MAX_OTHER_SENTENCES),
    ],
)
def test_how_many_sentences_a_question_may_get(question, answer_type, limit):
    assert sentence_limit(question, answer_type) == limit
