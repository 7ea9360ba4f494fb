"""Pure logic of the engine: options, messages, drafting, stops, prefix cache, fitting."""

import pytest

from spark_nb.engine.context_fit import fit_messages
from spark_nb.engine.prefix_cache import PrefixCache, common_prefix
from spark_nb.engine.prompt_lookup import PromptLookup
from spark_nb.engine.stops import StopMatcher
from spark_nb.engine.types import GenerationOptions, normalize_messages
from spark_nb.errors import ContextOverflowError, OptionsError


def test_options_reject_unknown_keys_and_name_the_valid_ones():
    with pytest.raises(OptionsError) as err:
        GenerationOptions.from_kwargs(max_token=5)
    assert "max_token" in str(err.value) and "max_tokens" in str(err.value)


@pytest.mark.parametrize(
    "kwargs",
    [{"max_tokens": 0}, {"temperature": -1}, {"top_p": 0}, {"draft": "medusa"},
     {"stop": [""]}, {"json_schema": "not a dict"}],
)
def test_options_reject_bad_values(kwargs):
    with pytest.raises(OptionsError):
        GenerationOptions.from_kwargs(**kwargs)


def test_options_accept_a_single_stop_string():
    assert GenerationOptions(stop="\n\n").stop == ("\n\n",)


def test_messages_normalized_and_validated():
    assert normalize_messages("hi") == [{"role": "user", "content": "hi"}]
    with pytest.raises(OptionsError, match="role"):
        normalize_messages([{"role": "robot", "content": "x"}])
    with pytest.raises(OptionsError, match="empty"):
        normalize_messages([])


def test_prompt_lookup_drafts_what_followed_the_longest_match():
    prompt = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    pl = PromptLookup(prompt, max_ngram=3, min_ngram=1, max_draft=4)
    pl.extend([7, 2, 3])  # suffix (2, 3) occurred at the start, followed by 4 5 6 7
    assert pl.draft() == [4, 5, 6, 7]
    assert pl.draft(limit=2) == [4, 5]


def test_prompt_lookup_prefers_longer_ngrams_and_newest_match():
    pl = PromptLookup([5, 1, 9, 9, 2, 1, 8, 8], max_ngram=2, min_ngram=1, max_draft=2)
    pl.append(1)  # 1-gram (1,) last seen before 8 8
    assert pl.draft() == [8, 8]
    pl2 = PromptLookup([5, 1, 9, 9, 2, 1, 8, 8, 5], max_ngram=2, min_ngram=1, max_draft=2)
    pl2.append(1)  # 2-gram (5, 1) beats the newer 1-gram match
    assert pl2.draft() == [9, 9]


def test_prompt_lookup_without_match_drafts_nothing():
    assert PromptLookup([1, 2, 3], min_ngram=2).draft() == []


def test_stop_matcher_holds_back_partial_stops_and_cuts_at_the_stop():
    m = StopMatcher(("```\n",))
    shown = m.feed("x = 1\n``") + m.feed("`\nprint(x)")
    assert shown == "x = 1\n" and m.stopped
    m2 = StopMatcher(("END",))
    assert m2.feed("the EN") == "the "
    assert m2.feed("ding") == "ENding"
    assert m2.flush() == ""
    m3 = StopMatcher(("END",))
    assert m3.feed("E") == "" and m3.flush() == "E"


def test_common_prefix():
    assert common_prefix([1, 2, 3], [1, 2, 4]) == 2
    assert common_prefix([1, 2], [1, 2, 3]) == 2
    assert common_prefix([], [1]) == 0
    assert common_prefix((1, 2, 3), [1, 2, 4]) == 2  # cached states hold tuples
    assert common_prefix(list(range(1000)), list(range(999)) + [5]) == 999


def test_prefix_cache_finds_longest_and_evicts_least_recent():
    c = PrefixCache(max_entries=2)
    c.put([1, 2, 3, 4], "a", 10)
    c.put([7, 8, 9], "b", 10)
    entry, n = c.lookup([1, 2, 3, 9])
    assert entry.state == "a" and n == 3
    c.put([5, 5, 5], "c", 10)  # evicts "b", the least recently used
    assert c.lookup([7, 8, 9])[0] is None
    assert c.lookup([1, 2, 3, 4, 5])[0].state == "a"


def test_prefix_cache_replaces_entries_the_new_one_extends_and_bounds_bytes():
    c = PrefixCache(max_entries=4, max_bytes=25)
    c.put([1, 2], "short", 10)
    c.put([1, 2, 3], "long", 10)
    assert len(c) == 1
    c.put([9], "x", 10)
    c.put([8], "y", 10)  # 30 bytes > 25: the oldest goes
    assert len(c) == 2 and c.nbytes == 20


def test_a_busy_group_gives_up_its_own_states_before_a_quiet_groups():
    c = PrefixCache(max_entries=4)
    c.put([1, 1], "quiet", 10, group="B")
    for i in range(2, 8):  # notebook A asks six times after B's one request
        c.put([i, i], f"busy{i}", 10, group="A")
    assert c.lookup([1, 1, 5])[0].state == "quiet"  # a shared LRU would have evicted it
    assert len(c) == 4 and [e.state for e in c._entries if e.group == "A"] == ["busy5", "busy6", "busy7"]
    c.put([9, 9], "ungrouped", 10)  # without groups: plain least recently used
    assert len(c) == 4 and c.lookup([1, 1])[0].state == "quiet"


def test_fit_messages_drops_oldest_turns_but_keeps_system_and_request():
    msgs = [{"role": "system", "content": "s" * 10}] + [
        {"role": r, "content": "x" * 10} for r in ("user", "assistant", "user", "assistant", "user")
    ]
    count = lambda ms: sum(len(m["content"]) for m in ms)
    kept, dropped, n = fit_messages(msgs, count, 35)
    assert dropped == 3 and n == 30
    assert kept[0]["role"] == "system" and kept[-1] == msgs[-1]
    with pytest.raises(ContextOverflowError, match="context window"):
        fit_messages(msgs, count, 15)
