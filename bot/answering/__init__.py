"""Answering a question, as a pipeline of small stages a newcomer can change one at a time.

    analysis  (analysis.py)   text -> Question: who, what is asked, about what, qualifiers
    index     (index.py)      Question -> candidate facts with a lexical score (an inverted index)
    signals   (signals.py)    each candidate -> named signals: operator fit, answers what was asked, ...
    policy    (policy.py)     signals -> Decision: answer one or a few facts, compute, check, decline
    reply     (bot/replies.py) Decision -> Reply in the user's language, every fact with its source

Every threshold and weight lives in `tuning.Tuning`; every word the bot
recognises lives in `knowledge/lexicon.yaml` and `knowledge/operators.yaml`,
compiled once by `language.Language`.
"""
