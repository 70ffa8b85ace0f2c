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
