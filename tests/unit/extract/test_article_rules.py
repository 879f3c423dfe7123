"""Rules extract_article applies to the page before and after trafilatura."""

from __future__ import annotations

from tidings.content.extract import extract_article

_PARAGRAPHS = [
    (
        "The harbour board met on Thursday evening to decide how the old fish market should be "
        "used once the last wholesalers move to the new quay at the end of the summer season."
    ),
    (
        "Several members argued that the hall should become a covered market for local growers, "
        "while others preferred to lease it to a boatbuilder who has asked for space since spring."
    ),
    (
        "A decision was postponed until the board has seen the surveyors' report on the roof, "
        "which is expected in about six weeks and may change what any tenant would have to pay."
    ),
    (
        "Residents who spoke at the meeting asked that whatever is chosen keep the building open "
        "to the public on weekends, as the market was for more than a century before it closed."
    ),
]


def _page(middle: str) -> str:
    first, second, third, fourth = (f"<p>{p}</p>" for p in _PARAGRAPHS)
    return (
        "<html><head><title>Board delays decision on fish market</title></head><body>"
        f"<article><h1>Board delays decision on fish market</h1>{first}{second}{middle}"
        f"{third}{fourth}</article></body></html>"
    )


def test_a_div_styled_as_a_subheading_is_a_heading() -> None:
    article = extract_article(_page('<div class="story-subheadline">What happens next</div>'))
    assert "<h3>What happens next</h3>" in article.html
    assert "What happens next" in article.text


def test_a_subheading_class_on_a_container_changes_nothing() -> None:
    article = extract_article(
        _page('<div class="subhead-wrap"><p>A paragraph inside a wrapper.</p></div>')
    )
    assert "<h3>" not in article.html


def test_a_line_repeating_the_alt_text_of_the_image_above_is_its_caption() -> None:
    alt = "Stalls in the old fish market hall in 1962"
    article = extract_article(
        _page(f'<div><img src="https://m.example/1962.jpg" alt="{alt}"></div><p>{alt}</p>')
    )
    assert alt not in article.text
    assert f"<figcaption>{alt}</figcaption>" in article.html


def test_an_empty_spacer_div_inside_a_heading_does_not_lose_the_heading() -> None:
    spacer = '<div class="spacer"></div>'
    article = extract_article(
        _page(f"<h2><strong>{spacer}Plans for the roof{spacer}</strong></h2>")
    )
    assert "Plans for the roof" in article.text


def _story_page(top: str, head: str = "") -> str:
    """The story's four paragraphs in an <article>, with ``top`` above them."""
    first, second, third, fourth = (f"<p>{p}</p>" for p in _PARAGRAPHS)
    return (
        f"<html><head><title>Board delays decision on fish market</title>{head}</head><body>"
        f"<article>{top}{first}{second}{third}{fourth}</article></body></html>"
    )


def _headed_page(header: str, head: str = "") -> str:
    return _story_page(f"<header>{header}</header>", head)


def test_a_standfirst_in_the_article_header_is_kept() -> None:
    # precision mode drops the whole <header>; the dek is taken out of it first
    header = '<h1>Board delays decision on fish market</h1><p class="article__dek">Roof first</p>'
    article = extract_article(_headed_page(header))
    assert article.standfirst == "Roof first"
    assert article.html.startswith("<p>Roof first</p>")
    assert article.text.startswith("The harbour board met")  # the body, as articleBody


def test_the_meta_description_marks_a_short_heading_as_the_standfirst() -> None:
    header = "<h1>Board delays decision on fish market</h1><h2>Roof report awaited</h2>"

    def page(head: str) -> str:
        return _headed_page(header, head).replace("<header>", "").replace("</header>", "")

    kicker = extract_article(page(""))  # could be a kicker
    assert "Roof report" not in kicker.html and not kicker.standfirst
    description = '<meta name="description" content="Roof report awaited">'
    article = extract_article(page(description))
    assert article.standfirst == "Roof report awaited"
    assert "<h2>Roof report awaited</h2>" in article.html
    assert article.text.startswith("The harbour")


def test_a_teaser_summary_outside_the_article_header_stays_out() -> None:
    teaser = (
        '<div class="more"><article><header><h3>Ferry fares rise</h3><p class="summary">'
        "Up ten per cent</p></header></article></div>"
    )
    page = _headed_page("<h1>Board delays decision on fish market</h1>")
    article = extract_article(page.replace("</article></body>", f"</article>{teaser}</body>"))
    assert "Up ten per cent" not in article.text


def test_a_lead_paragraph_set_as_loose_text_under_the_headline_is_kept() -> None:
    lead = (
        "The old fish market will stay empty for at least another summer, the harbour board "
        "decided, after a long evening of argument about its future."
    )
    page = _story_page(
        '<div class="meta"><h1>Board delays decision on fish market</h1>'
        '<p class="byline">By Ann Lee</p></div>'
        f'<span><span class="article-leader">{lead}</span></span>'
    )
    article = extract_article(page)
    assert article.text.startswith(lead + "\n\nThe harbour board met")
    assert f"<p>{lead}</p>" in article.html


def test_a_lead_class_further_down_the_page_is_left_alone() -> None:
    # only what lies between the headline and the story's first paragraph is lifted
    teaser = '<div class="more"><span class="intro">Ferry fares rise by a tenth in May</span></div>'
    page = _page("").replace("</article>", f"</article>{teaser}")
    assert "Ferry fares" not in extract_article(page).text


def test_pruning_never_costs_the_whole_story() -> None:
    # a wrapper whose class happens to say "caption" holds the story, one <p> of <br> lines:
    # the caption rule cuts it, and the page is extracted again without the pruning
    lines = "<br>".join(_PARAGRAPHS * 2)
    page = (
        "<html><head><title>Board delays decision on fish market</title></head><body><article>"
        "<h1>Board delays decision on fish market</h1>"
        f'<div class="story-captioned"><p>{lines}</p></div></article></body></html>'
    )
    assert "The harbour board met on Thursday evening" in extract_article(page).text


def test_a_card_description_under_the_headline_is_not_a_standfirst() -> None:
    page = _story_page(
        "<h1>Board delays decision on fish market</h1>"
        '<div class="card-description">Ann Lee covers the harbour for the Courier.</div>'
    )
    assert "Ann Lee covers" not in extract_article(page).text
