"""Helpers for the keyboard-only browser journeys: where the focus is, and Tab until it reaches an element."""


def focused(page):
    """The focused element: id, tag, text, type, and whether the focus is visible (outline or shadow)."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {id: el.id, tag: el.tagName, text: (el.innerText || '').trim(), type: el.type || '',
                    visible: style.outlineStyle !== 'none' || style.boxShadow !== 'none'};
        }"""
    )


def tab_until(page, predicate, limit=150):
    """Press Tab until the focused element satisfies the predicate; the focus must be visible there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = focused(page)
        if predicate(state):
            assert state["visible"], f"focus on {state} is not visible"
            return state
    raise AssertionError("the keyboard never reached the element")
