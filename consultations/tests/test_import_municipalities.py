from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from consultations.choices import AreaType, Level
from consultations.models import Municipality, MunicipalityChange

from .factories import RequestFactory
from .gv100ad_samples import bw_sample, encode, nrw_sample, record

pytestmark = pytest.mark.django_db


def run(tmp_path, raw, *args, name="GV100AD.txt"):
    path = tmp_path / name
    path.write_bytes(raw)
    out, err = StringIO(), StringIO()
    call_command("import_municipalities", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_utf8_with_bom_is_read_by_characters(tmp_path):
    out, _ = run(tmp_path, encode(bw_sample(), encoding="utf-8-sig"))
    land = Municipality.objects.get(key="08")
    assert land.name == "Baden-Württemberg"  # no BOM glued to the first record
    muellheim = Municipality.objects.get(key="08316042")
    # The umlaut is two bytes in UTF-8: slicing bytes would shift the type code and population.
    assert (muellheim.name, muellheim.area_type, muellheim.population) == ("Müllheim-Süd", "63", 5000)
    assert muellheim.kreis_key == "08316" and muellheim.region_key == "0831" and muellheim.rb_key == "083"
    assert "Gemeinde: 3" in out and "Kreis: 2 (1 Stadtkreis, 1 Landkreis)" in out
    assert "1 Gemeindeverband records (Satzart 50) not kept" in out


def test_crlf_line_ends(tmp_path):
    run(tmp_path, encode(bw_sample(), encoding="utf-8", newline="\r\n"))
    assert Municipality.objects.get(key="08316038").name == "Rheinhausen"
    assert Municipality.objects.get(key="08311000").area_type == AreaType.STADTKREIS_GEMEINDE
    assert Municipality.objects.count() == 8


def test_iso_8859_1_file(tmp_path):
    run(tmp_path, encode(bw_sample(), encoding="iso-8859-1", newline="\r\n"), name="GV100AD_311217.ASC")
    assert Municipality.objects.get(key="08316042").name == "Müllheim-Süd"
    assert Municipality.objects.get(key="08316042").population == 5000


def test_higher_levels_carry_the_population_of_their_gemeinden(tmp_path):
    run(tmp_path, encode(bw_sample()))
    assert Municipality.objects.get(key="08316").population == 9000
    assert Municipality.objects.get(key="0831").population == 246460
    assert Municipality.objects.get(key="08").population == 246460


def test_a_malformed_line_is_reported_with_its_number_and_nothing_is_imported(tmp_path):
    lines = bw_sample()
    lines[6] = lines[6][:10] + "08X16" + lines[6][15:]  # a letter in the Kreis key
    lines[7] = lines[7][:139] + "00000004a00" + lines[7][150:]  # a letter in the population
    with pytest.raises(CommandError, match="2 malformed line"):
        run(tmp_path, encode(lines))
    assert Municipality.objects.count() == 0


def test_malformed_lines_named_on_stderr(tmp_path):
    lines = bw_sample()
    lines[7] = lines[7] + "überlang"
    path = tmp_path / "GV.txt"
    path.write_bytes(encode(lines))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_municipalities", str(path), stdout=StringIO(), stderr=err)
    assert "line 8: 228 characters instead of 220" in err.getvalue()


def test_skip_invalid_imports_the_rest_and_lists_what_it_skipped(tmp_path):
    lines = bw_sample()
    lines[7] = "99" + lines[7][2:]
    _, err = run(tmp_path, encode(lines), "--skip-invalid")
    assert "line 8 skipped: unknown Satzart '99'" in err
    assert not Municipality.objects.filter(key="08316038").exists()
    assert Municipality.objects.filter(key="08316042").exists()


def test_reimport_renames_without_duplicates_and_keeps_the_history(tmp_path):
    run(tmp_path, encode(bw_sample(stand="20211130")))
    rheinhausen = Municipality.objects.get(key="08316038")
    request = RequestFactory(municipality=rheinhausen)
    out, _ = run(tmp_path, encode(bw_sample(rheinhausen="Rheinhausen im Breisgau")))
    assert Municipality.objects.count() == 8
    renamed = Municipality.objects.get(key="08316038")
    assert renamed.pk == rheinhausen.pk  # whatever points at it stays linked
    assert renamed.name == "Rheinhausen im Breisgau"
    request.refresh_from_db()
    assert request.municipality.name == "Rheinhausen im Breisgau"
    change = MunicipalityChange.objects.get(municipality=renamed)
    assert (change.old_name, change.new_name, str(change.gebietsstand)) == (
        "Rheinhausen",
        "Rheinhausen im Breisgau",
        "2025-08-31",
    )
    assert "renamed: 08316038 'Rheinhausen' -> 'Rheinhausen im Breisgau'" in out
    assert "0 new, 1 renamed, 0 type changed, 0 population updated, 7 unchanged" in out


def test_reimport_of_the_same_file_changes_nothing(tmp_path):
    run(tmp_path, encode(bw_sample()))
    out, _ = run(tmp_path, encode(bw_sample()))
    assert "0 new, 0 renamed, 0 type changed, 0 population updated, 8 unchanged" in out
    assert not MunicipalityChange.objects.exists()


def test_a_new_type_is_recorded(tmp_path):
    run(tmp_path, encode(bw_sample()))
    lines = bw_sample()
    lines[7] = record("60", "08316038", "Rheinhausen", type_code="63", population=4000, verband="5006")
    out, _ = run(tmp_path, encode(lines))
    assert Municipality.objects.get(key="08316038").area_type == AreaType.STADT
    assert "type changed: 08316038 Rheinhausen: Kreisangehörige Gemeinde -> Stadt" in out


def test_a_unit_no_longer_listed_is_kept_and_marked(tmp_path):
    run(tmp_path, encode(bw_sample()))
    out, _ = run(tmp_path, encode(bw_sample()[:-1]))
    gone = Municipality.objects.get(key="08316042")
    assert not gone.in_directory
    assert not Municipality.objects.requestable().filter(pk=gone.pk).exists()
    assert "no longer listed (kept, marked): 08316042 Müllheim-Süd" in out


def test_records_of_another_land_are_left_out_unless_asked_for(tmp_path):
    raw = encode(nrw_sample() + bw_sample())
    out, _ = run(tmp_path, raw)
    assert not Municipality.objects.filter(land_key="05").exists()
    assert "4 records of Land 05 left out" in out

    out, _ = run(tmp_path, raw, "--land", "05")
    duesseldorf = Municipality.objects.get(key="05111000")
    assert duesseldorf.level == Level.GEMEINDE and duesseldorf.area_type == AreaType.KREISFREIE_STADT_GEMEINDE
    # Nordrhein-Westfalen has no Regionen: the fourth digit must not be read as one.
    assert duesseldorf.region_key == "" and duesseldorf.rb_key == "051" and duesseldorf.kreis_key == "05111"
    # The Baden-Württemberg units imported before stay listed: a run for Land 05 does not touch them.
    assert Municipality.objects.get(key="08316042").in_directory


def test_a_file_without_the_land_says_so(tmp_path):
    out, _ = run(tmp_path, encode(bw_sample()), "--land", "09")
    assert "The file holds no records of Land 09." in out
    assert Municipality.objects.count() == 0


def test_gzip_and_gemeinden_count(tmp_path):
    import gzip

    run(tmp_path, gzip.compress(encode(bw_sample())), name="GV100AD.txt.gz")
    assert Municipality.objects.gemeinden().count() == 3
    assert Municipality.objects.search("0831").filter(level=Level.GEMEINDE).count() == 3
    assert list(Municipality.objects.requestable().search("rhein").values_list("key", flat=True)) == ["08316038"]
