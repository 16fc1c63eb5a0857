"""The dashboards' server-side SVG charts (reports/charts.py): well-formed, escaped, readable without
colour (every number written), accessible (title and description), nothing fetched from elsewhere."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from reports import charts

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & "Қарағанды" облысы'


def _parse(markup: Markup) -> ET.Element:
    assert isinstance(markup, Markup)
    return ET.fromstring(str(markup))


def _texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("draw", [charts.bars, charts.funnel, charts.histogram])
def test_simple_charts_are_valid_svg_with_a_title_and_every_number(draw):
    items = [("Педагог-модератор", 12), ("Педагог-сарапшы", 1234), ("Педагог-зерттеуші", 0)]
    root = _parse(draw(items, title="Санаттар"))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Санаттар"
    description = root.find(f"{SVG}desc").text
    assert "Педагог-сарапшы: 1\u202f234" in description
    shown = " ".join(_texts(root))
    for number in ("12", "1\u202f234", "0"):
        assert number in shown
    # each bar names itself for a screen reader
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert "Педагог-модератор: 12" in titles


def test_labels_are_escaped_and_nothing_is_fetched():
    for markup in (charts.bars([(HOSTILE, 3)], title=HOSTILE), charts.funnel([(HOSTILE, 3)], title=HOSTILE),
                   charts.histogram([(HOSTILE, 3)], title=HOSTILE),
                   charts.stacked([(HOSTILE, [1, 2])], [HOSTILE, "b"], title=HOSTILE)):
        text = str(markup)
        assert "<script>" not in text and "&lt;script&gt;" in text
        root = _parse(markup)  # still well-formed
        assert root.find(f"{SVG}title").text == HOSTILE
        assert "href" not in text and "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "<script" not in text and "onload" not in text


def test_long_labels_are_shortened_on_the_chart_but_whole_in_the_title():
    label = "Абай облысы, Семей қаласы, №1 жалпы білім беретін мектеп-гимназия"
    root = _parse(charts.bars([(label, 5)], title="t"))
    assert label not in _texts(root)
    assert any(t.endswith("…") for t in _texts(root))
    assert f"{label}: 5" in [t.text for t in root.iter(f"{SVG}title")]


def test_bars_scale_to_the_largest_value():
    root = _parse(charts.bars([("a", 10), ("b", 5), ("c", 0)], title="t", width=460))
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == pytest.approx(2 * widths[1], abs=1)
    assert widths[2] == 0


def test_stacked_bars_tell_series_apart_without_colour():
    root = _parse(charts.stacked([("assignment", [3, 1, 0]), ("confirmation", [2, 0, 4])],
                                 ["assigned", "not assigned", "confirmed"], title="Outcomes"))
    patterns = root.findall(f"{SVG}defs/{SVG}pattern")
    assert len(patterns) == 2  # series 2 and 3 are hatched; series 1 is solid
    shown = _texts(root)
    assert {"assigned", "not assigned", "confirmed"} <= set(shown)  # the legend
    assert "4" in shown and "6" in shown  # the rows' totals
    assert "assignment: assigned 3, not assigned 1, confirmed 0" in root.find(f"{SVG}desc").text


def test_empty_input_draws_nothing():
    assert charts.bars([], title="t") == Markup("")
    assert charts.funnel([], title="t") == Markup("")
    assert charts.histogram([], title="t") == Markup("")
    assert charts.stacked([], ["a"], title="t") == Markup("")


def test_all_zero_values_do_not_divide_by_zero():
    for draw in (charts.bars, charts.funnel, charts.histogram):
        root = _parse(draw([("a", 0), ("b", 0)], title="t"))
        assert "0" in _texts(root)
    _parse(charts.stacked([("a", [0, 0])], ["x", "y"], title="t"))


def test_every_chart_on_a_page_has_its_own_ids():
    first, second = charts.bars([("a", 1)], title="t"), charts.bars([("a", 1)], title="t")
    assert _parse(first).find(f"{SVG}title").get("id") != _parse(second).find(f"{SVG}title").get("id")


def test_a_section_of_one_measures_keys_is_drawn_stacked_without_its_total():
    from reports.sections import Cell, Section
    from views.reports import section_chart

    def row(label: str, *parts: int) -> list:
        return [Cell(label), *(Cell(n, "categories", str(i)) for i, n in enumerate(parts)), Cell(sum(parts), "teachers")]

    section = Section("categories", "Categories", ["Node", "A", "B", "C", "Teachers"],
                      [row("school 1", 1, 2, 3), row("school 2", 0, 4, 0)], None, "bars")
    root = _parse(section_chart(section))
    legend = set(_texts(root))
    assert {"A", "B", "C"} <= legend and "Teachers" not in legend  # the total is not a part
    assert "school 1: A 1, B 2, C 3; school 2: A 0, B 4, C 0" == root.find(f"{SVG}desc").text


def test_a_section_with_one_number_a_row_is_drawn_as_bars_labelled_by_its_text_cells():
    from reports.sections import Cell, Section
    from views.reports import section_chart

    section = Section("outcomes", "Outcomes", ["Category", "Mode", "Assigned", "Share"],
                      [[Cell("expert"), Cell("assign"), Cell(2, "outcomes", "x"), Cell("50%")]], None, "bars")
    root = _parse(section_chart(section))
    assert root.find(f"{SVG}desc").text == "expert, assign: 2"
    assert section_chart(Section("kpi", "Key figures", ["a", "b"], [[Cell("x"), Cell(1, "teachers")]])) == Markup("")
