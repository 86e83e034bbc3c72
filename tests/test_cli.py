"""The scriptable entry points, run as a user runs them: `python -m bot ask`, `--json`, `--jsonl`, console.

`run_bot` runs the entry point in this process (tests/commands.py); the console reads the
terminal, so its tests start the real process.
"""

from __future__ import annotations

import json
import unicodedata

from tests.commands import ROOT, run_bot, run_process
from tests.knowledge_base import source_file

__all__ = ["ROOT", "jsonl", "run_bot"]  # other tests' helpers


def jsonl(*requests: dict) -> list[dict]:
    stdin = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in requests)
    result = run_bot("ask", "--jsonl", stdin=stdin)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_ask_prints_answer_with_source() -> None:
    result = run_bot("ask", "Viettel ủng hộ Quỹ vắc xin bao nhiêu?")
    assert result.returncode == 0
    assert "450 tỷ đồng" in result.stdout
    assert "Nguồn:" in result.stdout and "“" in result.stdout


def test_explain_shows_the_analysis_the_candidates_and_the_decision() -> None:
    result = run_bot("ask", "--explain", "MobiFone đóng góp bao nhiêu?")
    assert result.returncode == 0
    out = result.stdout
    assert "operators: mobifone" in out and "candidates (score, lexical):" in out and "decision: answer" in out
    assert "mobifone_vaccine_fund_donation" in out and "refused: about another operator" in out
    two = run_bot("ask", "--explain", "VNPT đã lắp bao nhiêu camera, mục tiêu bao nhiêu?").stdout
    assert "question 1 of 2" in two and "question 2 of 2" in two and "vnpt_camera_capacity_10000" in two


def test_ask_json_has_the_documented_fields() -> None:
    result = run_bot("ask", "--json", "How many remote consultation centres did Viettel present?")
    reply = json.loads(result.stdout)
    assert reply["answered"] is True and reply["lang"] == "en"
    assert "178" in reply["text"] and 0 < reply["confidence"] <= 1
    assert reply["intent"]
    source = reply["sources"][0]
    assert set(source) == {"seed", "title", "date", "quote"}
    assert source["seed"] == source_file("000") and source["date"] == "2020-09-28"


def test_jsonl_keeps_context_per_chat_and_order() -> None:
    replies = jsonl(
        {"chat_id": 1, "text": "MobiFone góp bao nhiêu vào Quỹ vắc xin?"},
        {"chat_id": 2, "text": "VNPT lắp bao nhiêu camera giám sát?"},
        {"chat_id": 1, "text": "Khi nào?"},
        {"chat_id": 2, "text": "còn Viettel thì sao?"},
        {"chat_id": 1, "text": "And VNPT?"},
    )
    assert [r["chat_id"] for r in replies] == [1, 2, 1, 2, 1]
    assert "200" in replies[0]["text"]
    assert "3/6" in replies[2]["text"] and replies[2]["answered"]
    assert "4.000" in replies[3]["text"] and replies[3]["answered"]
    assert replies[4]["answered"] is False  # the articles give no VNPT vaccine-fund donation
    assert "200" not in replies[4]["text"] and "450" not in replies[4]["text"]


def test_jsonl_bad_lines_get_error_objects_not_a_crash() -> None:
    stdin = 'not json\n{"chat_id": 1}\n[1, 2]\n{"chat_id": 1, "text": "VNPT Meeting là gì?"}\n'
    result = run_bot("ask", "--jsonl", stdin=stdin)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 0 and len(lines) == 4
    assert all("error" in line for line in lines[:3])
    assert lines[3]["answered"] is True


def test_decomposed_segmented_caps_and_no_diacritics_give_the_same_answer() -> None:
    question = "Viettel có bao nhiêu khách hàng?"
    variants = [
        question,
        unicodedata.normalize("NFD", question),
        "Viettel có bao_nhiêu khách_hàng ?",
        question.upper(),
        "viettel co bn khach hang",
    ]
    replies = jsonl(*({"chat_id": i, "text": text} for i, text in enumerate(variants)))
    assert {r["intent"] for r in replies} == {replies[0]["intent"]}
    assert all("50 triệu" in r["text"] for r in replies)


def test_quotes_from_the_segmented_article_read_naturally() -> None:
    reply = jsonl({"chat_id": 1, "text": "Chương trình Viettel vì cộng đồng tổ chức ở những tỉnh nào?"})[0]
    assert reply["answered"] and "Hà Giang" in reply["text"]
    assert reply["sources"][0]["seed"] == source_file("003")
    assert "_" not in reply["sources"][0]["quote"] and " ," not in reply["sources"][0]["quote"]


def test_out_of_scope_is_declined_with_suggestions() -> None:
    reply = jsonl({"chat_id": 1, "text": "Thời tiết Hà Nội ngày mai thế nào?"})[0]
    assert reply["answered"] is False and reply["intent"] is None
    assert 2 <= len(reply["suggestions"]) <= 3 and reply["sources"] == []


def test_wrong_operator_never_borrows_another_operators_figure() -> None:
    replies = jsonl(
        {"chat_id": 1, "text": "VNPT đóng góp bao nhiêu tiền vào Quỹ vắc xin?"},
        {"chat_id": 2, "text": "How many remote consultation centres did MobiFone present?"},
    )
    for reply in replies:
        assert reply["answered"] is False
        assert not any(figure in reply["text"] for figure in ("450", "200 tỷ", "178"))
    assert "VNPT" in replies[0]["text"] and "MobiFone" in replies[1]["text"]


def test_console_behaves_like_a_private_chat() -> None:
    stdin = "/sources\nMobiFone góp bao nhiêu cho quỹ vắc xin?\nKhi nào?\n/operators\n/quit\nnever read\n"
    result = run_process("console", stdin=stdin)
    assert result.returncode == 0
    assert "Viettel Headlines" in result.stdout
    assert "200 tỷ" in result.stdout and "3/6" in result.stdout
    assert "mbf" in result.stdout


def test_no_arguments_and_no_token_starts_the_console() -> None:
    result = run_process(stdin="VNPT lắp bao nhiêu camera?\n")  # Ctrl-D (end of input) ends it
    assert result.returncode == 0 and "2.400" in result.stdout


def test_console_and_ask_give_the_answers_telegram_gives(engine) -> None:
    from bot.render import render_plain

    question = "Sổ sức khỏe điện tử là gì?"
    cli = run_bot("ask", question).stdout.strip()
    assert cli == render_plain(engine.ask(question, None))


def test_malformed_or_missing_token_is_one_clear_line() -> None:
    result = run_bot(env={"TELEGRAM_BOT_TOKEN": "not-a-token"})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "malformed" in result.stderr
    result = run_bot(env={"TELEGRAM_BOT_TOKEN_FILE": "/nonexistent/token"})
    assert result.returncode == 2 and "TELEGRAM_BOT_TOKEN_FILE" in result.stderr
    assert "Traceback" not in result.stderr


def test_old_and_new_tone_placement_and_emoji_match_alike() -> None:
    replies = jsonl(
        {"chat_id": 1, "text": "Sổ sức khỏe điện tử là gì?"}, {"chat_id": 2, "text": "Sổ sức khoẻ điện tử là gì? 🤔🙏"}
    )
    assert replies[0]["answered"] and replies[0]["intent"] == replies[1]["intent"]
