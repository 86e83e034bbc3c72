"""Each stage of the answering pipeline on a tiny knowledge base of its own (tests/tiny_kb).

One made-up article: Viettel gave 100 ventilators to Bạch Mai on 5/4/2021, MobiFone 60 to Chợ Rẫy
on 9/4/2021, and Viettel's director Nguyễn Văn An said a sentence. The operators, the lexicon and
the phrases are the real ones (the lexicon gains a `ventilator` unit), so these tests show what each
stage does with the language users type, independently of the real facts.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from bot.answering.pipeline import Pipeline
from bot.answering.policy import Decision
from bot.engine import Engine
from bot.kbcheck import load_knowledge
from bot.knowledge import Knowledge
from bot.render import render_plain
from tests.knowledge_base import knowledge_yaml, uncovered_operator

ROOT = Path(__file__).resolve().parent.parent
TINY = Path(__file__).resolve().parent / "tiny_kb"
UNCOVERED = uncovered_operator()  # the real operators.yaml's: no article covers it


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    folder = tmp_path_factory.mktemp("tiny")
    shutil.copytree(TINY, folder, dirs_exist_ok=True)
    for name in ("operators.yaml", "phrases.yaml"):
        shutil.copy(ROOT / "knowledge" / name, folder / "knowledge" / name)
    lexicon = knowledge_yaml("lexicon.yaml")
    lexicon["units"]["ventilator"] = {"kind": "count", "words": ["may tho", "ventilator", "ventilators"]}
    (folder / "knowledge" / "lexicon.yaml").write_text(yaml.safe_dump(lexicon, allow_unicode=True), encoding="utf-8")
    return load_knowledge(folder / "knowledge", folder / "seeds")


@pytest.fixture(scope="module")
def pipeline(knowledge: Knowledge) -> Pipeline:
    return Pipeline(knowledge)


def decide(pipeline: Pipeline, text: str) -> Decision:
    return pipeline.decide(pipeline.analyse(text)).decision


# ---- analysis: who, what is asked, about what ---------------------------------------------------


def test_analysis_reads_how_long_as_a_number_of_days(pipeline: Pipeline) -> None:
    for text in ("Viettel tặng máy thở trong bao lâu?", "How long did Viettel take?"):
        question = pipeline.analyse(text)
        assert question.unit == "u_day" and "q_amount" in question.asks
    assert not decide(pipeline, "Viettel tặng máy thở trong bao lâu?").answered  # no fact counts days


@pytest.mark.parametrize(
    "text",
    [
        "Viettel tặng bao nhiêu máy thở?",
        "vt tang bn may tho",
        "VIETTEL TẶNG BAO NHIÊU MÁY THỞ",
        "How many ventilators did Viettel give?",
    ],
)
def test_analysis_finds_operator_and_the_unit_asked(pipeline: Pipeline, text: str) -> None:
    question = pipeline.analyse(text)
    assert question.operators == ("viettel",)
    assert question.unit == "u_ventilator" and "q_amount" in question.asks


@pytest.mark.parametrize(
    ("said", "figures"),
    [
        ("Viettel tặng một trăm hai mươi máy thở phải không?", (120,)),
        ("Viettel tặng hai nghìn tư máy thở à?", (2400,)),  # the hundreds said short after "nghìn"
        ("Viettel tặng sáu trăm rưỡi máy thở à?", (650,)),  # half of the hundred said last
        ("Viettel tặng máy thở sáu mươi năm rồi à?", (60,)),  # "năm" after "mươi" is years: five is "lăm"
        ("Viettel tặng sáu mươi lăm máy thở à?", (65,)),
        ("Viettel tặng máy thở năm 2020 ở ba tỉnh, đúng không?", ()),  # a year, and a digit word alone: words still
    ],
)
def test_analysis_reads_numbers_said_in_words(pipeline: Pipeline, said: str, figures: tuple[int, ...]) -> None:
    # voice typing writes numbers in words: read as the figures they say ("ba tỉnh" counts as it always did)
    question = pipeline.analyse(said)
    assert question.yesno and question.numbers == figures, question


def test_analysis_tells_a_question_asked_politely_from_a_check(pipeline: Pipeline) -> None:
    assert not pipeline.analyse("Viettel tặng máy thở loại nào ạ?").yesno  # "nào": asked, "ạ" only polite
    assert pipeline.analyse("Viettel tặng 100 máy thở sao ạ?").yesno  # "sao ạ?": really?
    # "HẢ" asks as "à" does, written in capitals as typed: in capitals, short words are no acronyms
    shouted = pipeline.analyse("VIETTEL TẶNG XE CHO BỆNH VIỆN HẢ?")
    assert shouted.yesno and not shouted.unknown_names, shouted


def test_analysis_reads_names_checks_and_small_talk(pipeline: Pipeline) -> None:
    assert pipeline.analyse(f"{UNCOVERED} tặng bao nhiêu máy thở?").others == (UNCOVERED,)
    assert pipeline.analyse("Did Zorblat Telecom give ventilators?").others == ("Zorblat Telecom",)
    assert pipeline.analyse("Did Nam Dinh telecom firms give ventilators?").others == ()  # a place, not a name
    check = pipeline.analyse("Viettel tặng 100 máy thở đúng không?")
    assert check.yesno and check.numbers == (100,)
    assert pipeline.analyse("Năm 2019 Viettel tặng máy thở nào?").years == (2019,)
    assert pipeline.analyse("ông ấy nói gì?").pronoun == "he"
    assert pipeline.analyse("chào bot").smalltalk == "greeting"
    assert pipeline.analyse("chào bot, Viettel tặng bao nhiêu máy thở?").smalltalk is None
    assert pipeline.analyse("Viettel tặng nhiều hơn MobiFone bao nhiêu máy thở?").compare[0] == "c_more"


def test_analysis_reads_a_unit_named_after_its_place_and_vietnamese_that_folds_like_english(
    pipeline: Pipeline,
) -> None:
    assert pipeline.analyse("What did VNPT do in Nam Dinh?").operators == ("vnpt_nam_dinh",)
    assert pipeline.analyse("vt lam gi o nam dinh").operators == ("viettel_nam_dinh",)
    assert pipeline.analyse("What did VNPT do?").operators == ("vnpt",)
    latency = pipeline.analyse("Độ trễ hệ thống là bao nhiêu?")  # độ -> "do", hệ -> "he": no English here
    assert latency.pronoun is None and not latency.yesno
    assert pipeline.analyse("Does he work for Viettel?").pronoun == "he"


def test_analysis_corrects_two_swapped_letters_to_the_word_meant(pipeline: Pipeline) -> None:
    assert pipeline.analyse("Vitetel tặng bao nhiêu máy thở?").operators == ("viettel",)
    assert pipeline.language.correct("tahng") == "thang"  # not a nearer word with a letter missing
    # What a clause counts is not what the operator has: "có bao nhiêu ... được ...".
    assert not pipeline.analyse("Viettel có bao nhiêu bệnh viện được tặng máy thở?").possession
    assert pipeline.analyse("Viettel có bao nhiêu máy thở?").possession


def test_analysis_reads_the_number_of_operators(pipeline: Pipeline) -> None:
    all_three = pipeline.analyse("Cả ba nhà mạng tặng tổng cộng bao nhiêu máy thở?")
    assert set(all_three.operators) == set(pipeline.language.top_operators) and not all_three.numbers
    assert pipeline.analyse("Tổng 2 mạng tặng bao nhiêu máy thở?").unit == "u_ventilator"
    checked = pipeline.analyse("Có 3 nhà mạng tặng máy thở đúng không?")  # a figure to confirm
    assert checked.numbers == (3,) and not checked.operators
    none_for_vnpt = decide(pipeline, "Cả ba nhà mạng tặng tổng cộng bao nhiêu máy thở?")
    assert none_for_vnpt.kind == "cannot_compute" and none_for_vnpt.computation is not None
    assert none_for_vnpt.computation.missing == ("VNPT",)


def test_analysis_tells_moi_just_from_moi_each(pipeline: Pipeline) -> None:
    assert "c_average" not in pipeline.analyse("Viettel mới tặng bao nhiêu máy thở?").compare  # mới: just
    assert "c_average" in pipeline.analyse("Viettel tặng mỗi bệnh viện bao nhiêu máy thở?").compare  # mỗi: each


def test_analysis_reads_a_statement_ending_in_a_particle_as_yes_or_no(pipeline: Pipeline) -> None:
    check = pipeline.analyse("MobiFone tặng 60 máy thở hả")
    assert check.yesno and check.numbers == (60,)
    assert not pipeline.analyse("MobiFone tặng bao nhiêu máy thở ạ").yesno  # a question with a particle
    assert pipeline.analyse("Ông An là giám đốc MobiFone à?").belongs


# ---- index: which facts' words fit ---------------------------------------------------------------


def test_index_ranks_the_fact_whose_words_fit(pipeline: Pipeline) -> None:
    scored = pipeline.index.score(pipeline.analyse("máy thở cho bệnh viện Chợ Rẫy"))
    assert pipeline.facts[scored[0].index].id == "mobifone_ventilators"
    assert pipeline.index.score(pipeline.analyse("thời tiết Hà Nội")) == [] or all(
        s.score < 0.3 for s in pipeline.index.score(pipeline.analyse("thời tiết Hà Nội"))
    )


# ---- signals: why a fact is taken or refused -----------------------------------------------------


def test_signals_refuse_what_a_fact_does_not_hold(pipeline: Pipeline) -> None:
    def refusals(text: str) -> dict[str, str | None]:
        return {c.fact.id: c.refused for c in pipeline.candidates(pipeline.analyse(text))}

    assert "employee" in (refusals("Viettel có bao nhiêu nhân viên?")["viettel_ventilators"] or "")
    assert "2021" in (refusals("Năm 2019 Viettel tặng bao nhiêu máy thở?")["viettel_ventilators"] or "")
    assert refusals("Viettel tặng máy thở ngày nào?")["viettel_ventilators"] is None
    assert refusals("Ông An tặng máy thở ngày nào?")["viettel_director_on_ventilators"] == "gives no date"
    assert refusals("Máy thở Viettel tặng tên là gì?")["viettel_ventilators"] == "gives no name"
    assert refusals("Giám đốc Viettel tên là gì?")["viettel_director_on_ventilators"] is None  # a person's
    assert refusals("Ai nói máy thở giúp cứu người bệnh nặng?")["viettel_director_on_ventilators"] is None
    assert refusals("Ai nói Viettel tặng máy thở?")["viettel_ventilators"] == "names no person"  # quotes no one
    spent = refusals("How much did Viettel spend on its ventilators?")["viettel_ventilators"]
    assert spent is not None and "VND" in spent  # "how much ... spend": money, which the fact does not give
    assert "2021" in (refusals("Viettel tặng máy thở tháng 4/2019 ngày nào?")["viettel_ventilators"] or "")
    mobifone = pipeline.candidates(pipeline.analyse("MobiFone tặng máy thở"))
    about_mobifone = {c.fact.id: c.fits_operator for c in mobifone}
    assert about_mobifone["mobifone_ventilators"] and not about_mobifone["viettel_ventilators"]


# ---- policy and arithmetic: the decision ---------------------------------------------------------


def test_policy_answers_declines_and_says_why(pipeline: Pipeline) -> None:
    assert decide(pipeline, "Viettel tặng bao nhiêu máy thở?").facts[0].id == "viettel_ventilators"
    assert decide(pipeline, f"{UNCOVERED} tặng bao nhiêu máy thở?").kind == "unknown_operator"
    assert decide(pipeline, "Viettel có bao nhiêu nhân viên?").kind in ("not_stated", "unknown")
    broad = decide(pipeline, "máy thở")
    assert {f.id for f in broad.facts} >= {"viettel_ventilators", "mobifone_ventilators"}


def test_policy_checks_a_stated_figure(pipeline: Pipeline) -> None:
    right = decide(pipeline, "Viettel tặng 100 máy thở đúng không?")
    wrong = decide(pipeline, "Viettel tặng 60 máy thở phải không?")
    assert right.verdict == "yes"
    assert wrong.verdict == "no" and [f.id for f in wrong.stated_by] == ["mobifone_ventilators"]


def test_arithmetic_counts_days_between_the_dates_of_two_facts(pipeline: Pipeline) -> None:
    days = decide(pipeline, "Viettel và MobiFone tặng máy thở cách nhau mấy ngày?")
    assert days.computation is not None and days.computation.result == 4  # 5/4/2021 to 9/4/2021
    assert [o.label for o in days.computation.operands] == ["Viettel", "MobiFone"]


def test_arithmetic_compares_sides_of_one_measure_as_the_operators_figures(pipeline: Pipeline) -> None:
    # Each side describes itself, yet both count ventilators given: who gave more, as usual (sides that
    # measure two things, VNPT's target against Viettel's installed cameras, are in test_answers).
    sided = decide(pipeline, "Viettel tặng máy thở cho Bạch Mai nhiều hơn MobiFone tặng máy thở cho Chợ Rẫy bao nhiêu?")
    assert sided.computation is not None and sided.computation.operation == "more"
    assert sided.computation.result == 40


def test_policy_says_no_to_a_person_given_to_another_operator(pipeline: Pipeline) -> None:
    attributed = decide(pipeline, "Ông Nguyễn Văn An là giám đốc MobiFone à?")
    assert attributed.verdict == "no" and [f.id for f in attributed.facts] == ["viettel_director_on_ventilators"]
    # Nothing identified, only a subject: not stated of MobiFone, never "no" with Viettel's fact.
    assert not decide(pipeline, "MobiFone có nói gì về máy thở cứu người bệnh nặng không?").verdict
    confirmed = decide(pipeline, "MobiFone tặng 60 máy thở ngày 9/4 hả")
    assert confirmed.verdict == "yes" and confirmed.facts[0].id == "mobifone_ventilators"


@pytest.mark.parametrize(
    ("text", "operation", "result"),
    [
        ("Viettel tặng nhiều hơn MobiFone bao nhiêu máy thở?", "more", 40),
        ("Viettel và MobiFone tặng tổng cộng bao nhiêu máy thở?", "total", 160),
        ("Nhà mạng nào tặng nhiều máy thở nhất?", "most", 40),
        ("Nhà mạng nào tặng nhiều máy thở cho bệnh viện hơn, Viettel hay MobiFone?", "more", 40),
        ("MobiFone tặng máy thở kém Viettel bao nhiêu chiếc?", "difference", 40),
        ("Cộng máy thở của Viettel với MobiFone được bao nhiêu?", "total", 160),
        ("Trung bình Viettel và MobiFone mỗi bên tặng bao nhiêu máy thở?", "mean", 80),
        ("Viettel tặng máy thở gấp mấy lần MobiFone?", "ratio", 100 / 60),
    ],
)
def test_arithmetic_computes_over_figures_of_one_measure(
    pipeline: Pipeline, text: str, operation: str, result: float
) -> None:
    decision = decide(pipeline, text)
    assert decision.kind == "computed" and decision.computation is not None
    assert decision.computation.operation == operation and decision.computation.result == result


def test_arithmetic_gives_a_difference_as_a_percentage_of_the_smaller_figure(knowledge: Knowledge) -> None:
    reply = render_plain(Engine(knowledge).ask("Viettel tặng nhiều hơn MobiFone bao nhiêu phần trăm máy thở?", "a"))
    assert "(100 − 60) / 60" in reply and "66,7%" in reply


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Trung bình mỗi bệnh viện Viettel nhận bao nhiêu máy thở?", "no hospital figure to divide by"),
        ("Hà Nội hay TP HCM nhận nhiều máy thở hơn?", "the articles give no figure by place"),
        ("Các bệnh viện nhận được tổng cộng bao nhiêu máy thở?", "the articles give no recipient's whole"),
    ],
)
def test_arithmetic_refuses_what_its_figures_cannot_give(pipeline: Pipeline, text: str, why: str) -> None:
    decision = decide(pipeline, text)
    assert decision.kind == "cannot_compute" and decision.computation is not None
    assert decision.computation.why == why


def test_signals_refuse_a_person_of_the_parent_for_a_unit(pipeline: Pipeline) -> None:
    assert decide(pipeline, "Who is the director of Viettel?").kind == "answer"
    assert not decide(pipeline, "Who is the director of Viettel Nam Định?").answered


def test_arithmetic_refuses_a_side_the_articles_do_not_state(pipeline: Pipeline) -> None:
    decision = decide(pipeline, "VNPT tặng nhiều hơn Viettel bao nhiêu máy thở?")
    assert decision.kind == "cannot_compute" and decision.computation.missing == ("VNPT",)  # type: ignore[union-attr]


# ---- reply and dialogue: through the engine ------------------------------------------------------


def test_a_follow_up_with_vietnamese_it_resolves_against_the_previous_answer(knowledge: Knowledge) -> None:
    engine = Engine(knowledge)
    engine.ask("Viettel tặng bao nhiêu máy thở?", "n")
    assert "Bạch Mai" in render_plain(engine.ask("nó được tặng ở đâu?", "n"))  # "nó" folds to "no"


def test_replies_show_the_calculation_and_follow_ups_resolve(knowledge: Knowledge) -> None:
    engine = Engine(knowledge)
    compared = render_plain(engine.ask("Viettel tặng nhiều hơn MobiFone bao nhiêu máy thở?", "a"))
    assert "100 − 60 = 40" in compared and "Nguồn" in compared
    assert "5/4/2021" in render_plain(engine.ask("Viettel tặng bao nhiêu máy thở?", "b"))
    assert "Bạch Mai" in render_plain(engine.ask("ở đâu?", "b"))
    switched = engine.ask("còn MobiFone thì sao?", "b")
    assert switched.answered and "60" in render_plain(switched)
    assert engine.ask("khi nào?", "fresh").kind == "clarify"
    assert engine.ask("xin chào", "c").kind == "smalltalk"
    engine.ask("Ông Nguyễn Văn An là ai?", "d")
    assert "cứu sống" in render_plain(engine.ask("ông ấy nói gì?", "d"))


def test_a_sum_or_share_follow_up_computes_over_the_last_two_answers(knowledge: Knowledge) -> None:
    engine = Engine(knowledge)
    engine.ask("Viettel tặng bao nhiêu máy thở?", "sum")
    engine.ask("MobiFone tặng bao nhiêu máy thở?", "sum")
    assert "100 + 60 = 160" in render_plain(engine.ask("cộng lại?", "sum"))
    engine.ask("Viettel tặng bao nhiêu máy thở?", "share")
    engine.ask("MobiFone tặng bao nhiêu máy thở?", "share")
    assert "60%" in render_plain(engine.ask("chiếm mấy %?", "share"))


def test_days_between_places_named_in_earlier_turns(pipeline: Pipeline) -> None:
    from bot.dialogue import remember, resolve

    state = remember(resolve(pipeline.analyse("Viettel ở Hà Giang ngày nào?"), None), ("a",), (), "tour")
    state = remember(resolve(pipeline.analyse("còn Lai Châu?"), state), ("a",), (), "tour", state)
    apart = resolve(pipeline.analyse("cách nhau mấy ngày?"), state).question
    assert set(apart.places) == {"Hà Giang", "Lai Châu"}


def test_a_short_question_after_an_answer_asks_about_that_answer(knowledge: Knowledge) -> None:
    engine = Engine(knowledge)
    engine.ask("Ông Nguyễn Văn An nói gì về máy thở?", "who")
    assert "Nguyễn Văn An" in render_plain(engine.ask("ai nói vậy?", "who"))
    engine.ask("MobiFone tặng bao nhiêu máy thở?", "where")
    assert "Chợ Rẫy" in render_plain(engine.ask("tặng ở đâu?", "where"))


def test_analysis_reads_a_pleasantry_beside_other_words_and_asks_for_the_rest(pipeline: Pipeline) -> None:
    thanked = pipeline.analyse("Cảm ơn nhé, thông tin rất hữu ích")
    assert thanked.pleasantry == "thanks" and thanked.smalltalk is None
    assert pipeline.analyse("vâng ạ").smalltalk == "ack"
    assert pipeline.analyse("Viettel đã tặng bao nhiêu máy thở?").pleasantry is None  # "đã" folds to "dạ"
    assert "q_rest" in pipeline.analyse("Những máy thở còn lại tên là gì?").asks  # no article names them
    assert "q_rest" not in pipeline.analyse("Các nhà mạng còn lại là gì?").asks  # the operators are named


def test_policy_takes_each_operators_best_when_an_overview_names_none(pipeline: Pipeline) -> None:
    overview = decide(pipeline, "các nhà mạng đã làm gì?")
    assert {op for fact in overview.facts for op in fact.operators} >= {"viettel", "mobifone"}


def test_policy_adds_what_a_fact_sums_up_when_asked_what_it_is(knowledge: Knowledge) -> None:
    lead = knowledge.facts["viettel_ventilators"]
    facts = {**knowledge.facts, lead.id: replace(lead, details=("viettel_director_on_ventilators",))}
    pipeline = Pipeline(replace(knowledge, facts=facts))
    what = decide(pipeline, "Viettel tặng gì?")
    assert [f.id for f in what.facts][:2] == ["viettel_ventilators", "viettel_director_on_ventilators"]
    narrow = decide(pipeline, "Viettel tặng bao nhiêu máy thở?")  # a figure asked: nothing more
    assert [f.id for f in narrow.facts] == ["viettel_ventilators"]


def test_a_comparison_follow_up_sets_the_answer_against_another_figure(knowledge: Knowledge) -> None:
    engine = Engine(knowledge)
    engine.ask("Viettel tặng bao nhiêu máy thở?", "more")
    assert "100 − 60 = 40" in render_plain(engine.ask("so với MobiFone tặng Chợ Rẫy thì nhiều hơn bao nhiêu?", "more"))


def test_analysis_expands_shorthand_before_reading_phrases(pipeline: Pipeline) -> None:
    assert "q_how" in pipeline.analyse("vt tang may tho ntn").asks  # "ntn": "như thế nào"
    assert "c_more" in pipeline.analyse("mbf vs vt ai tang nhiu hon").compare  # "nhiu hơn": "nhiều hơn"


def test_a_hospital_by_name_is_answered_only_by_a_fact_whose_examples_ask_one(pipeline: Pipeline) -> None:
    # The tiny base names its hospitals and its examples ask "which hospital": answered there; the real
    # base names none (tests/test_answers.py)
    assert "q_hospital" in pipeline.analyse("Những bệnh viện nào nhận máy thở của MobiFone?").asks
    assert decide(pipeline, "Which hospital got MobiFone's ventilators?").facts[0].id == "mobifone_ventilators"
    assert "q_hospital" not in pipeline.analyse("Bệnh viện tuyến nào nhận máy thở?").asks  # a level, not a name


def test_a_thing_named_after_an_operator_is_a_term_of_its_own(knowledge: Knowledge) -> None:
    lead = knowledge.facts["viettel_ventilators"]
    facts = {**knowledge.facts, lead.id: replace(lead, names=("Viettel Care",))}
    pipeline = Pipeline(replace(knowledge, facts=facts))
    question = pipeline.analyse("viettel care là gì?")
    assert question.things == ("#viettel_care",) and question.operators == ("viettel",)


def test_analysis_reads_a_part_set_aside_and_a_request_for_the_source(pipeline: Pipeline) -> None:
    question = pipeline.analyse("tổng số máy thở trừ của MobiFone là bao nhiêu?")
    assert question.set_aside_from is not None and question.folded[question.set_aside_from] == "cua"
    assert pipeline.analyse("nguồn?").asks_only_the_source
    assert pipeline.analyse("which article?").asks_only_the_source
    assert not pipeline.analyse("Viettel tặng máy thở theo bài nào?").asks_only_the_source  # names its subject


def test_a_request_for_the_source_gives_the_last_answer_again(knowledge: Knowledge) -> None:
    engine = Engine(knowledge)
    engine.ask("MobiFone tặng bao nhiêu máy thở?", "src")
    again = engine.ask("nguồn?", "src")
    assert again.answered and "60" in render_plain(again) and "Nguồn" in render_plain(again)
    assert engine.ask("nguồn?", "nothing yet").kind == "clarify"


def test_signals_refuse_an_amount_to_come(pipeline: Pipeline) -> None:
    assert decide(pipeline, "Viettel tặng bao nhiêu máy thở?").answered
    to_come = decide(pipeline, "Viettel sắp tới sẽ tặng thêm bao nhiêu máy thở?")  # no example asks what will be
    assert not to_come.answered and "says no amount to come" in " ".join(to_come.reasons)


def test_signals_refuse_where_the_place_a_fact_gives_is(pipeline: Pipeline) -> None:
    assert decide(pipeline, "Viettel tặng máy thở ở đâu?").answered  # at Bạch Mai hospital
    for text in ("Bệnh viện Bạch Mai ở đâu?", "Where is Bach Mai Hospital?"):  # the fact does not say
        where = decide(pipeline, text)
        assert not where.answered and "says nothing of where" in " ".join(where.reasons), where


def test_signals_refuse_a_date_the_fact_does_not_give(pipeline: Pipeline) -> None:
    assert decide(pipeline, "Viettel tặng bao nhiêu máy thở ngày 5/4?").answered
    elsewhere = decide(pipeline, "Viettel tặng bao nhiêu máy thở ngày 9/4?")  # 9/4 is MobiFone's date
    assert not elsewhere.answered
    checked = decide(pipeline, "Viettel tặng máy thở ngày 9/4 đúng không?")
    assert checked.verdict == "no" and checked.facts[0].id == "viettel_ventilators"


def test_arithmetic_takes_the_figures_a_question_states(pipeline: Pipeline) -> None:
    stated = decide(pipeline, "Viettel tặng 100 máy thở, MobiFone tặng 60 máy thở, chênh bao nhiêu?")
    assert stated.computation is not None and stated.computation.result == 40
    added = decide(pipeline, "100 máy thở + 60 máy thở là bao nhiêu?")
    assert added.computation is not None and added.computation.result == 160


def test_analysis_reads_short_forms_by_their_marks_and_the_words_around_them(pipeline: Pipeline) -> None:
    assert pipeline.analyse("bn là ai z").smalltalk == "identity"  # "bn" before "là ai": bạn
    assert "q_amount" in pipeline.analyse("MobiFone tặng nhiêu máy thở?").asks  # "nhiêu" typed with its marks
    assert not pipeline.analyse("Dạ em chào anh/chị ạ.").yesno  # "ạ." is polite; "à" would ask
    counted = pipeline.analyse("Máy thở Viettel tặng có bao nhiêu cái?")  # "cái": the thing named before it
    assert counted.unit == "u_ventilator"
    likened = pipeline.analyse(f"{UNCOVERED} có tặng máy thở như Viettel không?")  # about the company, not Viettel
    assert likened.others == (UNCOVERED,) and likened.operators == ()


def test_the_other_operator_is_the_one_not_talked_about(knowledge: Knowledge) -> None:
    engine = Engine(knowledge)
    engine.ask("Viettel tặng bao nhiêu máy thở?", "other")
    other = engine.ask("còn nhà mạng kia thì sao?", "other")
    assert other.answered and "60" in render_plain(other) and "100" not in render_plain(other)
    assert engine.ask("còn nhà mạng kia thì sao?", "nothing before").kind == "clarify"


def test_rounding_as_asked_is_half_up_and_never_fails_on_any_float() -> None:
    from bot.replies import _half_up

    assert _half_up(2.25, 1) == 2.3 and _half_up(-2.25, 1) == -2.3 and _half_up(4.6875, 2) == 4.69
    assert _half_up(1e300, 9) == 1e300  # whole already: no decimal context is asked for 300 digits
    assert _half_up(float("inf"), 0) is None and _half_up(float("nan"), 2) is None
