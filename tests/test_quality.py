"""The held-out question sets through the engine: the figures `python -m bot eval` prints, kept from slipping.

Every set was written from the articles alone by someone who never read knowledge/. Most guide
the answering work once measured; questions_round6.yaml is only measured (its misses are never
read), questions_round9.yaml was measured on arrival before its comparisons were looked at, and
questions_round12.yaml, questions_round13.yaml, questions_round16.yaml, questions_round19.yaml,
questions_round20.yaml and questions_round24.yaml were only measured for a session or more before their
misses were read; questions_round26.yaml was measured on arrival and at the end of session 9 before;
questions_round29.yaml (session 10) is only measured: its misses are not read; nor are questions_round32.yaml's
(session 11), but for its one wrong-operator miss, nor questions_round42.yaml's (session 14), nor
questions_round56.yaml's (session 17), nor questions_round59.yaml's (session 18).
The floors are what the engine reaches today, a little below, so that a change that makes answers
worse fails here; the answering issue's own targets are printed by `python -m bot eval` next to
each figure.
"""

from __future__ import annotations

import re

import pytest

from bot.engine import Engine
from bot.evaluation import TESTS, evaluate, summary
from bot.render import render_plain

FLOORS = {  # set -> summary figure -> floor, a little under what each set measures today
    "questions.yaml": {
        "answerable": 0.97,
        "out of scope declined": 0.95,
        "no other operator's figure": 1.0,
        "follow-ups": 0.93,
    },
    "questions_blind.yaml": {
        "answerable": 0.96,
        "out of scope declined": 0.95,
        "no other operator's figure": 1.0,
        "follow-ups": 0.96,
    },
    "questions_users.yaml": {
        "answerable": 0.95,
        "out of scope declined": 0.95,
        "no other operator's figure": 1.0,
        "follow-ups": 0.96,
        "comparisons": 0.9,
    },
    "questions_holdout.yaml": {
        "answerable": 0.96,
        "out of scope declined": 0.95,
        "no other operator's figure": 1.0,
        "follow-ups": 0.92,
        "comparisons": 0.86,
    },
    "questions_fresh.yaml": {
        "answerable": 0.94,
        "out of scope declined": 0.95,
        "no other operator's figure": 1.0,
        "follow-ups": 0.95,
        "comparisons": 0.93,
    },
    "questions_round2.yaml": {
        "answerable": 0.97,
        "out of scope declined": 0.97,
        "no other operator's figure": 1.0,
        "follow-ups": 0.93,
        "comparisons": 0.88,
    },
    "questions_round3.yaml": {
        "answerable": 0.96,
        "out of scope declined": 0.97,
        "no other operator's figure": 1.0,
        "follow-ups": 0.96,
        "comparisons": 0.95,
    },
    "questions_round4.yaml": {
        "answerable": 0.95,
        "out of scope declined": 0.93,
        "no other operator's figure": 1.0,
        "follow-ups": 0.92,
        "comparisons": 0.93,
    },
    "questions_round5.yaml": {
        "answerable": 0.94,
        "out of scope declined": 0.94,
        "no other operator's figure": 1.0,
        "follow-ups": 0.97,
        "comparisons": 0.93,
    },
    "questions_round6.yaml": {  # held out: measured, never tuned on
        "answerable": 0.92,
        "out of scope declined": 0.84,
        "no other operator's figure": 1.0,
        "follow-ups": 0.82,
        "comparisons": 0.86,
    },
    "questions_round7.yaml": {
        "answerable": 0.92,
        "out of scope declined": 0.95,
        "no other operator's figure": 1.0,
        "follow-ups": 0.87,
        "comparisons": 0.92,
    },
    "questions_round8.yaml": {
        "answerable": 0.9,
        "out of scope declined": 0.89,
        "no other operator's figure": 1.0,
        "follow-ups": 0.85,
        "comparisons": 0.85,
    },
    "questions_round10.yaml": {  # written at the end of session 5, only measured then; tuned on in session 6
        "answerable": 0.9,
        "out of scope declined": 0.94,
        "no other operator's figure": 1.0,
        "follow-ups": 0.9,
        "comparisons": 0.7,
    },
    "questions_round11.yaml": {  # written in session 6, measured on arrival, then tuned on
        "answerable": 0.95,
        "out of scope declined": 0.95,
        "no other operator's figure": 1.0,
        "follow-ups": 0.91,
        "comparisons": 0.92,
    },
    "questions_round12.yaml": {  # written in session 6, only measured then; read and tuned on in session 7
        "answerable": 0.93,
        "out of scope declined": 0.95,
        "no other operator's figure": 1.0,
        "follow-ups": 0.9,
        "comparisons": 0.91,
    },
    "questions_round13.yaml": {  # written in session 6, only measured then; read and tuned on in session 7
        "answerable": 0.92,
        "out of scope declined": 0.92,
        "no other operator's figure": 1.0,
        "follow-ups": 0.94,
        "comparisons": 0.95,
    },
    "questions_round14.yaml": {  # written in session 7, measured on arrival, then tuned on
        "answerable": 0.96,
        "out of scope declined": 0.91,
        "no other operator's figure": 1.0,
        "follow-ups": 0.95,
        "comparisons": 0.95,
    },
    "questions_round15.yaml": {  # written in session 7, measured on arrival, read later in the session
        "answerable": 0.95,
        "out of scope declined": 0.95,
        "no other operator's figure": 1.0,
        "follow-ups": 0.91,
        "comparisons": 0.96,
    },
    "questions_round16.yaml": {  # written in session 7 and only measured: its misses never read
        "answerable": 0.97,
        "out of scope declined": 0.86,
        "no other operator's figure": 1.0,
        "follow-ups": 0.91,
        "comparisons": 0.86,
    },
    "questions_round17.yaml": {  # written in session 7, measured on arrival, read late in the session
        "answerable": 0.94,
        "out of scope declined": 0.92,
        "no other operator's figure": 1.0,
        "follow-ups": 0.94,
        "comparisons": 0.88,
    },
    "questions_round18.yaml": {  # written in session 7, measured on arrival, then tuned on
        "answerable": 0.93,
        "out of scope declined": 0.92,
        "no other operator's figure": 1.0,
        "follow-ups": 0.89,
        "comparisons": 0.93,
    },
    "questions_round19.yaml": {  # written in session 7 and only measured: its misses never read
        "answerable": 0.94,
        "out of scope declined": 0.92,
        "no other operator's figure": 1.0,
        "follow-ups": 0.93,
        "comparisons": 0.82,
    },
    "questions_round20.yaml": {  # written in session 7, only measured then; its misses read in session 9
        "answerable": 0.96,
        "out of scope declined": 0.92,
        "no other operator's figure": 1.0,
        "follow-ups": 0.92,
        "comparisons": 0.88,
    },
    "questions_round21.yaml": {  # written in session 8, measured on arrival, then tuned on
        "answerable": 0.95,
        "out of scope declined": 0.96,
        "no other operator's figure": 1.0,
        "follow-ups": 0.91,
        "comparisons": 0.96,
    },
    "questions_round22.yaml": {  # written in session 8, measured on arrival, then tuned on
        "answerable": 0.97,
        "out of scope declined": 0.96,
        "no other operator's figure": 1.0,
        "follow-ups": 0.91,
        "comparisons": 0.96,
    },
    "questions_round23.yaml": {  # written in session 8, measured on arrival, read later in the session
        "answerable": 0.97,
        "out of scope declined": 0.96,
        "no other operator's figure": 1.0,
        "follow-ups": 0.92,
        "comparisons": 0.96,
    },
    "questions_round24.yaml": {  # written in session 8 and only measured then; read in session 9
        "answerable": 0.93,
        "out of scope declined": 0.94,
        "no other operator's figure": 1.0,
        "follow-ups": 0.95,
        "comparisons": 0.86,
    },
    "questions_round25.yaml": {  # written in session 9, measured on arrival, then tuned on
        "answerable": 0.92,
        "out of scope declined": 0.9,
        "no other operator's figure": 1.0,
        "follow-ups": 0.88,
        "comparisons": 0.91,
    },
    "questions_round26.yaml": {  # written in session 9, measured on arrival and at the end; read late
        "answerable": 0.92,
        "out of scope declined": 0.86,
        "no other operator's figure": 1.0,
        "follow-ups": 0.92,
        "comparisons": 0.94,
    },
    "questions_round27.yaml": {  # written at the end of session 9 and only measured; read in session 10
        "answerable": 0.95,
        "out of scope declined": 0.96,
        "no other operator's figure": 1.0,
        "follow-ups": 0.96,
        "comparisons": 0.91,
    },
    "questions_round28.yaml": {  # written in session 10, measured on arrival, then tuned on
        "answerable": 0.96,
        "out of scope declined": 0.96,
        "no other operator's figure": 1.0,
        "follow-ups": 0.98,
        "comparisons": 0.94,
    },
    "questions_round29.yaml": {  # written in session 10 and only measured (on arrival and at the end)
        "answerable": 0.92,
        "out of scope declined": 0.96,
        "no other operator's figure": 1.0,
        "follow-ups": 0.92,
        "comparisons": 0.8,
    },
    "questions_round30.yaml": {  # written in session 10, measured on arrival, then tuned on
        "answerable": 0.94,
        "out of scope declined": 0.94,
        "no other operator's figure": 1.0,
        "follow-ups": 0.96,
        "comparisons": 0.94,
    },
    "questions_round31.yaml": {  # written in session 11, measured on arrival, then tuned on
        "answerable": 0.95,
        "out of scope declined": 0.94,
        "no other operator's figure": 1.0,
        "follow-ups": 0.98,
        "comparisons": 0.94,
    },
    "questions_round32.yaml": {  # written in session 11, only measured (one wrong-operator miss was read)
        "answerable": 0.93,
        "out of scope declined": 0.98,
        "no other operator's figure": 1.0,
        "follow-ups": 0.94,
        "comparisons": 0.94,
    },
    "questions_round33.yaml": {  # written in session 11, measured on arrival, then tuned on
        "answerable": 0.95,
        "out of scope declined": 0.94,
        "no other operator's figure": 1.0,
        "follow-ups": 0.94,
        "comparisons": 0.97,
    },
    "questions_round35.yaml": {  # written in session 12, measured on arrival, then tuned on
        "answerable": 0.96,
        "out of scope declined": 0.94,
        "no other operator's figure": 1.0,
        "follow-ups": 0.98,
        "comparisons": 0.97,
    },
    "questions_round37.yaml": {  # written in session 13, measured on arrival, then tuned on
        "answerable": 0.96,
        "out of scope declined": 0.96,
        "no other operator's figure": 1.0,
        "follow-ups": 0.95,
        "comparisons": 0.97,
    },
    "questions_round38.yaml": {  # written in session 13, measured on arrival, then tuned on
        "answerable": 0.96,
        "out of scope declined": 0.98,
        "no other operator's figure": 1.0,
        "follow-ups": 0.96,
        "comparisons": 0.97,
    },
    "questions_round39.yaml": {  # written in session 13, measured on arrival, then tuned on
        "answerable": 0.96,
        "out of scope declined": 0.96,
        "no other operator's figure": 1.0,
        "follow-ups": 0.96,
        "comparisons": 0.91,
    },
    "questions_round40.yaml": {  # written in session 13, measured on arrival, then tuned on
        "answerable": 0.93,
        "out of scope declined": 0.94,
        "no other operator's figure": 1.0,
        "follow-ups": 0.97,
        "comparisons": 0.94,
    },
    "questions_round41.yaml": {  # written in session 14, measured on arrival, then tuned on
        "answerable": 0.96,
        "out of scope declined": 0.96,
        "no other operator's figure": 1.0,
        "follow-ups": 0.96,
        "comparisons": 0.94,
    },
    "questions_round42.yaml": {  # written in session 14 and only measured (on arrival and at the end)
        "answerable": 0.96,
        "out of scope declined": 0.94,
        "no other operator's figure": 1.0,
        "follow-ups": 0.93,
        "comparisons": 0.94,
    },
    "questions_round43.yaml": {  # written in session 14, measured on arrival, then tuned on
        "answerable": 0.96,
        "out of scope declined": 0.94,
        "no other operator's figure": 1.0,
        "follow-ups": 0.96,
        "comparisons": 0.94,
    },
    "questions_round44.yaml": {  # written in session 14, measured on arrival, then tuned on
        "answerable": 0.94,
        "out of scope declined": 0.96,
        "no other operator's figure": 1.0,
        "follow-ups": 0.93,
        "comparisons": 0.94,
    },
    "questions_round45.yaml": {  # written in session 15, measured on arrival, then tuned on
        "answerable": 0.97,
        "out of scope declined": 0.96,
        "no other operator's figure": 1.0,
        "follow-ups": 0.95,
        "comparisons": 0.91,
    },
    "questions_round46.yaml": {  # written in session 15, measured on arrival, then tuned on
        "answerable": 0.95,
        "out of scope declined": 0.96,
        "no other operator's figure": 1.0,
        "follow-ups": 0.9,
        "comparisons": 0.88,
    },
    "questions_round47.yaml": {  # written in session 15, measured on arrival, then tuned on
        "answerable": 0.96,
        "out of scope declined": 0.94,
        "no other operator's figure": 1.0,
        "follow-ups": 0.92,
        "comparisons": 0.88,
    },
    "questions_round48.yaml": {  # written in session 15, measured on arrival (a few misses read, not all)
        "answerable": 0.95,
        "out of scope declined": 0.96,
        "no other operator's figure": 1.0,
        "follow-ups": 0.9,
        "comparisons": 0.91,
    },
    "questions_round49.yaml": {  # written in session 16, measured on arrival, then tuned on
        "answerable": 0.97,
        "out of scope declined": 0.98,
        "no other operator's figure": 1.0,
        "follow-ups": 0.96,
        "comparisons": 0.94,
    },
    "questions_round50.yaml": {  # written in session 16, measured on arrival, then tuned on
        "answerable": 0.98,
        "out of scope declined": 0.98,
        "no other operator's figure": 1.0,
        "follow-ups": 0.92,
        "comparisons": 0.91,
    },
    "questions_round51.yaml": {  # written in session 16, measured on arrival, then tuned on
        "answerable": 0.96,
        "out of scope declined": 0.98,
        "no other operator's figure": 1.0,
        "follow-ups": 0.9,
        "comparisons": 0.88,
    },
    "questions_round52.yaml": {  # written in session 16, measured on arrival, then tuned on
        "answerable": 0.96,
        "out of scope declined": 0.94,
        "no other operator's figure": 1.0,
        "follow-ups": 0.9,
        "comparisons": 0.94,
    },
    "questions_round53.yaml": {  # written in session 17, measured on arrival, then tuned on
        "answerable": 0.97,
        "out of scope declined": 0.96,
        "no other operator's figure": 1.0,
        "follow-ups": 0.96,
        "comparisons": 0.97,
    },
    "questions_round54.yaml": {  # written in session 17, measured on arrival, then tuned on
        "answerable": 0.97,
        "out of scope declined": 0.96,
        "no other operator's figure": 1.0,
        "follow-ups": 0.94,
        "comparisons": 0.9,
    },
    "questions_round55.yaml": {  # written in session 17, measured on arrival, then tuned on
        "answerable": 0.97,
        "out of scope declined": 0.96,
        "no other operator's figure": 1.0,
        "follow-ups": 0.96,
        "comparisons": 0.87,
    },
    "questions_round56.yaml": {  # held out: written in session 17, only measured (its misses are not read)
        "answerable": 0.97,
        "out of scope declined": 0.95,
        "no other operator's figure": 0.95,
        "follow-ups": 0.83,
        "comparisons": 0.9,
    },
    "questions_round57.yaml": {  # written in session 17 (35 conversations), measured on arrival, a few misses read
        "answerable": 0.97,
        "out of scope declined": 0.95,
        "no other operator's figure": 1.0,
        "follow-ups": 0.84,
        "comparisons": 0.9,
    },
    "questions_round58.yaml": {  # written in session 18 (33 conversations), measured on arrival, then tuned on
        "answerable": 0.97,
        "out of scope declined": 0.95,
        "no other operator's figure": 1.0,
        "follow-ups": 0.94,
        "comparisons": 0.9,
    },
    "questions_round59.yaml": {  # held out: written in session 18, only measured (its misses are not read)
        "answerable": 0.96,
        "out of scope declined": 0.94,
        "no other operator's figure": 1.0,
        "follow-ups": 0.9,
        "comparisons": 0.9,
    },
    "questions_round60.yaml": {  # written in session 18 (voice typing among its personas), measured, tuned on
        "answerable": 0.96,
        "out of scope declined": 0.97,
        "no other operator's figure": 1.0,
        "follow-ups": 0.94,
        "comparisons": 0.88,
    },
    "questions_round9.yaml": {  # measured on arrival; only its comparisons were looked at
        "answerable": 0.92,
        "out of scope declined": 0.85,
        "no other operator's figure": 1.0,
        "follow-ups": 0.88,
        "comparisons": 0.77,
    },
}


def assert_above_its_floors(engine: Engine, name: str) -> None:
    tallies = evaluate(engine, TESTS / name)
    figures = {figure: tally for figure, tally, _ in summary(tallies)}
    for figure, floor in FLOORS[name].items():
        tally = figures[figure]
        assert tally.accuracy >= floor, (
            figure,
            f"{tally.right}/{tally.total}",
            [m for c, t in tallies.items() for m in t.misses],
        )


# The sets in three groups, a class each: pytest-xdist (--dist loadscope) gives each class to a worker of
# its own, where one module of thirty-odd sets would keep one worker busy for a third of the suite.
SETS = sorted(FLOORS)


class TestFirstThirdOfTheSets:
    @pytest.mark.parametrize("name", SETS[0::3])
    def test_the_question_sets_do_not_slip(self, engine: Engine, name: str) -> None:
        assert_above_its_floors(engine, name)


class TestSecondThirdOfTheSets:
    @pytest.mark.parametrize("name", SETS[1::3])
    def test_the_question_sets_do_not_slip(self, engine: Engine, name: str) -> None:
        assert_above_its_floors(engine, name)


class TestLastThirdOfTheSets:
    @pytest.mark.parametrize("name", SETS[2::3])
    def test_the_question_sets_do_not_slip(self, engine: Engine, name: str) -> None:
        assert_above_its_floors(engine, name)


def test_every_fact_answers_its_own_first_questions_with_its_source(engine: Engine) -> None:
    for fact in engine.knowledge.facts.values():
        for lang in ("vi", "en"):
            reply = engine.ask(fact.questions[lang][0], None)
            assert reply.answered and fact.id in reply.facts, (fact.id, lang, reply.kind, reply.facts)
            assert reply.sources and all(s.quote and s.title for s in reply.sources)
            assert "_" not in "".join(s.quote for s in reply.sources)


def test_a_fact_asked_of_another_operator_never_shows_its_figures(engine: Engine) -> None:
    """Every example question of an operator's figure, asked of each other operator the articles cover (an amount
    asked, not a figure checked: a check says whose the figure is): no reply carries the fact's figures."""
    knowledge = engine.knowledge
    tops = [op for op in knowledge.operators.values() if op.parent is None and not op.collective]
    asked = 0
    for fact in knowledge.facts.values():
        families = {knowledge.family(op) for op in fact.operators}
        own = next((op for op in tops if {op.id} == families), None)
        figures = [_as_shown(f.value) for f in fact.figures if f.value >= 10 and f.unit != "percent"]
        if own is None or not figures:
            continue
        for question in (*fact.questions["vi"], *fact.questions["en"]):
            named = re.compile(rf"\b{re.escape(own.name)}\b", re.IGNORECASE)
            if not named.search(question) or re.search(r"\d", question):
                continue
            for other in tops:
                if other is own:
                    continue
                text = named.sub(other.name, question)
                reply = engine.ask(text, None)
                shown = re.sub(r"(?<=\d)[.,](?=\d)", "", render_plain(reply))
                asked += 1
                assert not any(re.search(rf"(?<!\d){figure}(?!\d)", shown) for figure in figures), (text, shown)
    assert asked > 100  # the knowledge base's figure facts are all tried


def _as_shown(value: float) -> str:
    """A figure as a reply shows it, separators aside: money in billions ("450 tỷ"), counts whole."""
    return str(round(value / 1e9)) if value >= 1e9 else str(round(value))
