"""Every number that decides an answer, in one place: `eval --tune name=value` varies them."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Tuning:
    # ---- lexical score (index.py): how a fact's wording fits the question, 0..1 ----------
    example_weight: float = 0.4  # best weighted cosine with one of the fact's example questions
    coverage_weight: float = 0.6  # share of the question's weight that the fact's vocabulary covers
    min_score: float = 0.1  # facts scoring less are not candidates at all
    max_candidates: int = 12  # candidates the signals look at

    # ---- misspellings (rapidfuzz ratio against the words the knowledge base uses) --------
    typo_cutoff: float = 80
    short_typo_cutoff: float = 85  # three-letter words: one wrong letter is already a lot

    # ---- signals (signals.py) ------------------------------------------------------------
    specific_operator_bonus: float = 0.06  # a fact about exactly the unit named wins near-ties
    topic_bonus: float = 0.25  # a follow-up stays on the previous answer's topic
    previous_fact_bonus: float = 0.15  # ... and on the previous answer itself
    person_bonus: float = 0.2  # a fact about the person the question names
    holds_bonus: float = 0.1  # a fact whose data holds what was asked: a figure in the unit, a date, a place
    headline_bonus: float = 0.03  # the headline fact on a thing the question names ("X là gì?")
    planned_bonus: float = 0.2  # asked a target or a plan: a figure of one (VNPT's 10,000-camera capacity)
    whole_bonus: float = 0.2  # asked "in total" of one operator: a figure that includes others (all it gave)
    stated_value_bonus: float = 0.15  # a fact stating the figure or date the question states ("200 tỷ hôm 3/6")
    missing_person_factor: float = 0.5  # the question names a person the fact does not mention
    soft_cue_factor: float = 0.75  # asked "why"/"how" of a fact whose examples never ask it
    unknown_name_factor: float = 0.6  # an acronym the articles never use names another subject

    # ---- arithmetic (arithmetic.py) -------------------------------------------------------
    within_fit: float = 0.3  # a figure of one operator's is computed with only from a fact fitting this well

    # ---- policy (policy.py) --------------------------------------------------------------
    answer_threshold: float = 0.55  # a fact that answers what was asked is stated from here
    clear_lead: float = 0.07  # ... or from answer_threshold - lead_discount when this far ahead
    lead_discount: float = 0.05
    holds_lead_discount: float = 0.1  # ... or this much, for a fact whose data holds what was asked
    unsure_floor: float = 0.35  # below the threshold but this close: "did you mean"
    broad_margin: float = 0.12  # facts this close to the best one answer a broad question too
    # ... and a headline fact (priority 1) this close: "remote consultation centres Viettel" is the 178 given
    broad_headline_margin: float = 0.2
    broad_max_words: int = 3  # a question with at most this many content words may be broad
    overview_floor: float = 0.2  # "tell me about X": X's facts fitting at least this well
    overview_headline_bonus: float = 0.2  # ... headline facts lifted by this much, details lowered
    overview_margin: float = 0.3  # ... and those this close to the best
    detail_lead: float = 0.9  # a detail (priority 3) leads an overview only when it fits this well
    named_only_score: float = 0.6  # a question that is only a name: its facts start here (headline facts)
    max_facts: int = 3  # facts in one answer at most
    overview_max_facts: int = 4  # "VNPT đã làm gì?": facts in an overview at most
    # "các nhà mạng ở Nam Định làm gì?": what they did together there, at most this many, before each one's part
    place_together: int = 3
    list_margin: float = 0.25  # "which ...": facts this close are items of the list
    list_max: int = 5  # items in a list at most
    # "which operators ...?": each operator's best fact this close is one of them (one operator's words may fit
    # its own fact far better: "quarantine" in VNPT's)
    operators_margin: float = 0.35
    # "mbf góp bn vs vt góp bn": of one operator's facts fitting about as well, one measuring what the others' facts
    # measure (each one's gift to the fund) leads by this much for each other operator with that measure
    shared_measure_lead: float = 0.02
    check_margin: float = (
        0.2  # a figure is checked against a fact whose words fit at most this much worse than the best
    )
    # a check of what is done against a fact whose figure is a target, only if it fits at least this share of the
    # best fit ("Remote facilities finished 10 days early?" is no check of VNPT's camera target)
    target_fit_share: float = 0.5
    refused_lead: float = 0.3  # a refused fact of the operator fitting this much better: what was asked is not stated
    wrong_operator_margin: float = 0.12  # another operator's fact fits this much better: not covered
    context_margin: float = 0.1  # facts about the previous question's operator win unless clearly worse

    def with_overrides(self, overrides: dict[str, str]) -> Tuning:
        """A copy with `name=value` settings applied; ValueError names an unknown setting."""
        known = {f.name: f.type for f in fields(self)}
        values: dict[str, float | int] = {}
        for name, raw in overrides.items():
            if name not in known:
                raise ValueError(f"unknown tuning setting {name!r} (known: {', '.join(sorted(known))})")
            values[name] = int(raw) if known[name] in (int, "int") else float(raw)
        return replace(self, **values)  # type: ignore[arg-type]  # each value was converted to its field's type


DEFAULT_TUNING = Tuning()
