"""Exports that German Excel reads correctly (issue #7, point 4)."""

import csv
import io
from decimal import Decimal

import pytest
from django.db.models import F
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.utils import translation
from openpyxl import load_workbook

from pool import exports, formatting
from pool.models import Application

from .factories import ApplicationFactory, CallFactory, CriterionFactory, ReviewFactory, ScoreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def eighths_call():
    """Weights 1 and 7: scores 4 and 3 give exactly 25/8 = 3.125, the value half-way between two cents."""
    call = CallFactory(pool_size=1)
    CriterionFactory(call=call, weight=1)
    CriterionFactory(call=call, weight=7)
    return call


def scored(call, values, **fields):
    application = ApplicationFactory(call=call, **fields)
    review = ReviewFactory(application=application)
    for criterion, value in zip(call.criteria.order_by("weight"), values, strict=True):
        ScoreFactory(review=review, criterion=criterion, value=value)
    return application


def ranked(call):
    queryset = Application.objects.filter(call=call).with_ranking()
    return list(queryset.order_by(F("weighted_score").desc(nulls_last=True), "reference"))


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


class TestRounding:
    def test_half_a_cent_rounds_up_as_the_admin_column_does(self):
        # Python's round(3.125, 2) is 3.12; the admin's floatformat shows 3,13. Both now say 3.13.
        assert round(3.125, 2) == 3.12
        assert formatting.score(3.125) == Decimal("3.13")
        with translation.override("de"):
            assert formatting.score_text(3.125) == floatformat(3.125, 2) == "3,13"
        with translation.override("en"):
            assert formatting.score_text(3.125) == "3.13"
        assert formatting.score_text(None) == "–"
        assert formatting.score(2.675) == Decimal("2.68")  # binary 2.67499…, read as the 2.675 people see

    def test_the_template_filter_uses_the_same_helper(self):
        with translation.override("de"):
            assert Template("{% load pool_formatting %}{{ s|score }}").render(Context({"s": 3.125})) == "3,13"


class TestApplicationList:
    def test_german_csv_writes_the_decimal_comma_with_the_admins_rounding(self, eighths_call):
        scored(eighths_call, [4, 3])
        queryset = Application.objects.filter(call=eighths_call).with_ranking()
        with translation.override("de"):
            response = exports.csv_response(exports.rows(queryset), filename="bewerbungen.csv")
        rows = read_csv(response)
        column = rows[0].index("Punkte (gewichtet)")
        assert rows[1][column] == "3,13"
        assert rows[1][rows[0].index("Verfügbarkeit (Tage pro Monat)")] == "3"
        assert response["Content-Disposition"] == 'attachment; filename="bewerbungen.csv"'

    def test_english_csv_keeps_the_point(self, eighths_call):
        scored(eighths_call, [4, 3])
        queryset = Application.objects.filter(call=eighths_call).with_ranking()
        with translation.override("en"):
            rows = read_csv(exports.csv_response(exports.rows(queryset), filename="applications.csv"))
        assert rows[1][rows[0].index("Score (weighted)")] == "3.13"

    def test_xlsx_score_is_a_real_number(self, eighths_call):
        scored(eighths_call, [4, 3])
        queryset = Application.objects.filter(call=eighths_call).with_ranking()
        with translation.override("de"):
            response = exports.xlsx_response(exports.rows(queryset), filename="b.xlsx", sheet_title="Bewerbungen")
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet.title == "Bewerbungen"
        header = [cell.value for cell in sheet[1]]
        cell = sheet.cell(row=2, column=header.index("Punkte (gewichtet)") + 1)
        assert (cell.value, cell.data_type, cell.number_format) == (3.13, "n", "0.00")
        assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE


class TestRanking:
    def test_rows_follow_the_ranking_with_the_pool_line_and_no_rank_for_the_unscored(self, eighths_call):
        best = scored(eighths_call, [5, 5], first_name="Amina")
        second = scored(eighths_call, [4, 3], first_name="Berk")
        unscored = ApplicationFactory(call=eighths_call, first_name="Chidi")
        with translation.override("de"):
            rows = list(exports.ranking_rows(ranked(eighths_call), call=eighths_call))
            text = read_csv(exports.csv_response(rows, filename="rangliste.csv"))
        assert rows[0][:2] == ["Rang", "Bewerbungsnummer"]
        assert [row[1] for row in rows[1:]] == [best.reference, second.reference, unscored.reference]
        assert [row[0] for row in rows[1:]] == [1, 2, None]
        assert [row[5] for row in rows[1:]] == [Decimal("5.00"), Decimal("3.13"), None]
        assert [row[-1] for row in rows[1:]] == ["ja", "nein", "nein"]
        assert text[2][:2] == ["2", second.reference] and text[2][5] == "3,13" and text[3][0] == ""

    def test_a_formula_in_a_name_stays_text(self, eighths_call):
        scored(eighths_call, [4, 3], last_name="=cmd|' /C calc'!A0")
        with translation.override("de"):
            text = read_csv(
                exports.csv_response(exports.ranking_rows(ranked(eighths_call), call=eighths_call), filename="r.csv")
            )
        assert text[1][3] == "'=cmd|' /C calc'!A0"
