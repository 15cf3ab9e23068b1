"""The answer boxes on the built site: enough of them, in every chapter, each labelled;
every box takes its own revealed answer as right and names each of its mistakes; the
links they give lead somewhere; axe finds nothing serious once they have answered; the
student edition keeps them."""

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import PageRecorder

from dlbook_site import toc

ROOT = Path(__file__).resolve().parents[2]
MIN_BOXES, MIN_PER_CHAPTER = 30, 3

pytestmark = pytest.mark.browser


def boxes_on(site, path):
    page = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
    return page.select("form.self-check")


def box_pages(site):
    return [p for p in toc.pages(ROOT) if boxes_on(site, p)]


def test_there_are_enough_boxes_in_every_chapter(site):
    per_chapter = {
        main: sum(len(boxes_on(site, p)) for p in [main, *sections])
        for main, sections in toc.chapters(ROOT).items()
    }
    assert sum(per_chapter.values()) >= MIN_BOXES, per_chapter
    assert min(per_chapter.values()) >= MIN_PER_CHAPTER, per_chapter


def test_every_box_is_labelled_inside_an_exercise_and_has_a_unique_id(site):
    ids = []
    for path in box_pages(site):
        for box in boxes_on(site, path):
            ids.append(box["id"])
            field = box.select_one("input.self-check-input")
            label = box.find("label", attrs={"for": field["id"]})
            assert label and label.get_text(strip=True), box["id"]
            assert box.select_one("[aria-live=polite][role=status]"), box["id"]
            assert box.find_parent(class_="exercise"), f"{box['id']} not in an exercise"
            assert box["data-kind"] in ("number", "numbers", "formula")
    assert len(ids) == len(set(ids))


def test_every_link_a_box_gives_leads_to_a_place_on_the_site(site):
    for path in box_pages(site):
        for box in boxes_on(site, path):
            spec = json.loads(box["data-spec"])
            links = [m["href"] for m in spec["mistakes"] if m["href"]]
            links += [spec["hint"]["href"]] if "hint" in spec else []
            for href in links:
                target_path, _, anchor = href.partition("#")
                target = (
                    (site / path).parent / target_path if target_path else site / path
                )
                page = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                assert page.find(id=anchor), f"{box['id']}: {href}"


def check(page, box_id, text):
    form = page.locator(f"#{box_id}")
    form.locator("input.self-check-input").fill(text)
    form.locator("button[type=submit]").click()
    return form.get_attribute("data-result"), form.get_attribute("data-mistake")


def mistake_typed(kind, mistake):
    if kind == "formula":
        return mistake["text"]
    if kind == "numbers":
        return " ".join(repr(v) for v in mistake["value"])
    return repr(mistake["value"])


def test_each_box_takes_its_answer_and_names_each_of_its_mistakes(
    browser, site_url, site
):
    recorder = PageRecorder(browser, site_url)
    checked = 0
    for path in box_pages(site):
        page = recorder.open(path)
        for box in boxes_on(site, path):
            spec = json.loads(box["data-spec"])
            assert check(page, box["id"], spec["answer_text"]) == ("right", None), (
                path,
                box["id"],
            )
            for mistake in spec["mistakes"]:
                typed = mistake_typed(box["data-kind"], mistake)
                assert check(page, box["id"], typed) == ("wrong", mistake["id"]), (
                    path,
                    box["id"],
                    typed,
                )
            checked += 1
    assert checked >= MIN_BOXES
    assert recorder.errors == [] and recorder.offsite == []
    recorder.context.close()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_answered_boxes_have_no_serious_accessibility_violations(
    browser, site_url, site, axe_source, mode
):
    for path in box_pages(site):
        recorder = PageRecorder(browser, site_url, color_scheme=mode)
        page = recorder.open(path)
        for number, box in enumerate(boxes_on(site, path)):
            # Right, a mistake and garbage, in turn: every kind of feedback shows.
            spec = json.loads(box["data-spec"])
            text = [spec["answer_text"], "2*x + 1", "x^^2"][number % 3]
            check(page, box["id"], text)
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(
            "async () => (await axe.run({include: [['form.self-check']]},"
            " {resultTypes: ['violations']})).violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => `${v.impact} ${v.id}: ${v.help} at "
            "${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)"
        )
        recorder.context.close()
        assert violations == [], path


def test_the_student_edition_keeps_every_box(site, student_site):
    for path in box_pages(site):
        instructor = [b["id"] for b in boxes_on(site, path)]
        assert [b["id"] for b in boxes_on(student_site, path)] == instructor, path


def test_pages_without_boxes_load_nothing_new(site):
    for path in toc.pages(ROOT):
        html = (site / path).read_text(encoding="utf-8")
        forms = ("self-check", "backprop-numbers", "run-diagnosis")
        if not any(f'<form class="{form}' in html for form in forms):
            assert "answer_boxes.js" not in html and "answer-boxes.css" not in html
