"""`ask --explain`: the analysis, every candidate with why it was taken or refused, the decision."""

from __future__ import annotations

from bot.answering.pipeline import Outcome
from bot.dialogue import Resolution


def explain(resolution: Resolution, outcome: Outcome) -> str:
    question = resolution.question
    lines = ["analysis:"]
    for name, value in (
        ("language", resolution.lang),
        ("operators", question.operators),
        ("not covered", question.others),
        ("people", question.people),
        ("asks", question.asks),
        ("unit", question.unit),
        ("per", question.per_unit),
        ("compare", question.compare),
        ("yes/no", question.yesno or None),
        ("says whose", question.belongs or None),
        ("overview", question.overview or None),
        ("possession", question.possession or None),
        ("numbers", question.numbers),
        ("years", question.years),
        ("places", question.places),
        ("pronoun", question.pronoun),
        ("words", question.words),
        ("follow-up", resolution.is_followup or None),
        ("also says", question.pleasantry),
        ("names", question.things),
    ):
        if value:
            lines.append(f"  {name}: {', '.join(map(str, value)) if isinstance(value, tuple) else value}")
    preferences = resolution.preferences
    if preferences.facts or preferences.topic or preferences.operators:
        lines.append(
            f"  context: facts {', '.join(preferences.facts) or '-'}; topic {preferences.topic or '-'}; "
            f"operators {', '.join(preferences.operators) or '-'}"
        )
    lines.append("candidates (score, lexical):")
    for candidate in outcome.candidates:
        if not candidate.fits_operator:
            verdict = "refused: about another operator"
        elif candidate.refused:
            verdict = f"refused: {candidate.refused}"
        else:
            verdict = "answers"
        notes = f" [{'; '.join(candidate.notes)}]" if candidate.notes else ""
        lines.append(f"  {candidate.score:.2f} {candidate.lexical:.2f} {candidate.fact.id}: {verdict}{notes}")
    decision = outcome.decision
    lines.append(f"decision: {decision.kind}" + (f" ({decision.verdict})" if decision.verdict else ""))
    lines.extend(f"  {reason}" for reason in decision.reasons)
    return "\n".join(lines)
