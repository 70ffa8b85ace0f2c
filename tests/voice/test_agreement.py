from pipeline.agreement import LocalAgreement, common_prefix


def test_words_are_confirmed_once_two_hypotheses_agree() -> None:
    la = LocalAgreement()
    assert la.update("Create a") == ("", "Create a")
    assert la.update("Create a marketing channel.") == ("Create a", "marketing channel.")
    assert la.update("Create a marketing channel for Q1") == ("Create a marketing channel", "for Q1")


def test_confirmed_text_never_shrinks_when_the_model_changes_its_mind() -> None:
    la = LocalAgreement()
    la.update("add Sarah and")
    la.update("add Sarah and Mike")
    assert la.confirmed == ["add", "Sarah", "and"]
    confirmed, tentative = la.update("add Sera and Mike")
    assert confirmed == "add Sarah and"
    assert tentative == "Mike"


def test_comparison_ignores_case_and_punctuation() -> None:
    assert common_prefix("Budget review, due".split(), "budget Review due".split()) == 3


def test_reset_forgets_everything() -> None:
    la = LocalAgreement()
    la.update("a b")
    la.update("a b")
    la.reset()
    assert la.update("c") == ("", "c")


def test_merge_tail_appends_the_word_the_whole_decode_dropped() -> None:
    from pipeline.agreement import merge_tail

    assert merge_tail("Create a channel called platform migration and add.", "And add, Tom.") == \
        "Create a channel called platform migration and add Tom."
    assert merge_tail("Assign it to", "it's to David.") == "Assign it to David."


def test_merge_tail_changes_nothing_without_an_anchor_or_new_words() -> None:
    from pipeline.agreement import merge_tail

    full = "Create a channel called launch party and add Mike."
    assert merge_tail(full, "Add, Mike,") == full  # the tail ends where the text ends
    assert merge_tail(full, "Toms,") == full  # no run of the text's last words to anchor on
    assert merge_tail(full, "") == full
    # seen with the natural voice: the tail decode repeated the last word after the anchor
    david = "Create a task called vendor audit and assign it to David."
    assert merge_tail(david, "In the sign it to David, David") == david
    # a tail that would add a long run is a hallucination, not a dropped word
    assert merge_tail("and add", "and add the new people from the sales team today") == "and add"


def test_merge_head_prepends_the_words_the_whole_decode_skipped() -> None:
    from pipeline.agreement import merge_head

    # seen with the natural voice through Chromium
    assert merge_head("called Launch Party and Add, Mike.", "Create a channel called Launch") == \
        "Create a channel called Launch Party and Add, Mike."
    full = "Create a channel called Launch Party and add Mike."
    assert merge_head(full, "Create a channel called Launch") == full  # nothing was skipped
    assert merge_head(full, "Channel called Launch") == full  # the head decode missing words adds none
    assert merge_head("called onboarding", "something else entirely") == "called onboarding"  # no anchor
