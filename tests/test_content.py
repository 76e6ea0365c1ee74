"""Every content file loads, and a tutor's broken file gets a message naming file, row and column."""

import pytest

from widgets.content import DATA_DIR, ContentError, load_table
from widgets.content.schemas import SCHEMAS


def test_every_data_file_has_a_schema():
    files = sorted(p.name for p in DATA_DIR.glob("*.csv"))
    assert files == sorted(SCHEMAS)


@pytest.mark.parametrize("file", sorted(SCHEMAS))
def test_every_data_file_loads(file):
    rows = load_table(file)
    assert len(rows) >= SCHEMAS[file].min_rows
    assert set(rows[0]) == set(SCHEMAS[file].column_names)


def broken(data_copy, file, text, encoding="utf-8"):
    (data_copy / file).write_bytes(text.encode(encoding))
    with pytest.raises(ContentError) as caught:
        load_table(file, data_copy)
    return caught.value


def test_missing_column_is_named(data_copy):
    error = broken(data_copy, "modules.csv", "id,notebook,title,summary\nwelcome,welcome.ipynb,Welcome,Hi\n")
    assert (error.file, error.row, error.column) == ("modules.csv", 1, "minutes")
    assert str(error).startswith("data/modules.csv, row 1, column 'minutes':")


def test_unknown_category_names_row_and_column(data_copy):
    text = (DATA_DIR / "places.csv").read_text(encoding="utf-8").replace(",real progress,", ",real progres,", 1)
    error = broken(data_copy, "places.csv", text)
    assert (error.row, error.column) == (2, "slide")
    assert "'real progres' is not one of the allowed values" in str(error)


def test_empty_file(data_copy):
    error = broken(data_copy, "quotes.csv", "")
    assert error.file == "quotes.csv" and "empty" in str(error)


def test_header_only_file(data_copy):
    error = broken(data_copy, "quotes.csv", "id,text,speaker,source,date\n")
    assert "at least 1 row" in str(error)


def test_duplicate_id_names_both_rows(data_copy):
    text = "id,notebook,title,minutes,summary\na,a.ipynb,A,5,x\nb,b.ipynb,B,5,y\na,c.ipynb,C,5,z\n"
    error = broken(data_copy, "modules.csv", text)
    assert (error.row, error.column) == (4, "id")
    assert "already in row 2" in str(error)


def test_wrong_encoding_names_the_row(data_copy):
    text = "id,text,speaker,source,date\nq1,Fine,,S,2015\nq2,Caf\u00e9 society,,S,2015\n"
    error = broken(data_copy, "quotes.csv", text, encoding="latin-1")
    assert error.row == 3 and "UTF-8" in str(error)


def test_empty_required_cell(data_copy):
    error = broken(data_copy, "quotes.csv", "id,text,speaker,source,date\nq1,,,S,2015\n")
    assert (error.row, error.column) == (2, "text")


def test_not_a_number(data_copy):
    error = broken(data_copy, "modules.csv", "id,notebook,title,minutes,summary\na,a.ipynb,A,ten,x\n")
    assert (error.row, error.column) == (2, "minutes") and "whole number" in str(error)


def test_ragged_row_is_reported(data_copy):
    error = broken(data_copy, "quotes.csv", "id,text,speaker,source,date\nq1,a,b,c,d,e,f\n")
    assert "isn't valid CSV" in str(error) and "row 2" in str(error)


def test_unknown_column_is_named(data_copy):
    error = broken(data_copy, "references.csv", "label,adress,kind\nA,http://x,web\n")
    assert error.column in ("address", "adress")


def test_missing_file(data_copy):
    (data_copy / "lists.csv").unlink()
    with pytest.raises(ContentError, match="data/lists.csv: the file is missing"):
        load_table("lists.csv", data_copy)


def test_reference_to_unknown_row(data_copy):
    text = "way,quality\n" + "".join(f"{n},q{n}\n" for n in (1, 2, 3, 4, 5, 9))
    error = broken(data_copy, "ways_of_qualities.csv", text)
    assert error.column == "way"


@pytest.mark.parametrize("notebook", ["javascript:alert(1)", "javascript:x.ipynb", "../app/voila.json",
                                      "sub/welcome.ipynb", "https://example.org/x.ipynb", "welcome",
                                      " .ipynb", "welcome.ipynb?x=1", "welcome.ipynb#top"])
def test_a_module_notebook_must_be_a_file_name_in_course(data_copy, notebook):
    text = f'id,notebook,title,minutes,summary\na,"{notebook}",A,5,x\n'
    error = broken(data_copy, "modules.csv", text)
    assert (error.row, error.column) == (2, "notebook")
    assert "isn't a notebook's file name in course/" in str(error)


def test_every_module_notebook_is_in_course():
    from widgets.serve import COURSE_DIR

    for row in load_table("modules.csv"):
        assert (COURSE_DIR / row["notebook"]).is_file(), row["notebook"]


def test_an_unclosed_quote_names_the_row_it_starts(data_copy):
    error = broken(data_copy, "quotes.csv", 'id,text,speaker,source,date\nq1,A,,S,2015\nq2,"unclosed,,S,2015\n')
    assert "isn't valid CSV (from row 3" in str(error) and "unclosed quote" in str(error)


def test_rows_are_numbered_as_a_spreadsheet_shows_them(data_copy):
    # a blank row and a cell over two lines are one row each in a spreadsheet
    text = 'id,text,speaker,source,date\nq1,"two\nlines",,S,2015\n\nq2,x,,,2015\n'
    error = broken(data_copy, "quotes.csv", text)
    assert (error.row, error.column) == (4, "source")


def test_an_edited_file_is_read_again(data_copy):
    (data_copy / "quotes.csv").write_text("id,text,speaker,source,date\nq1,First,,S,2015\n", encoding="utf-8")
    assert load_table("quotes.csv", data_copy)[0]["text"] == "First"
    (data_copy / "quotes.csv").write_text("id,text,speaker,source,date\nq1,Second words,,S,2015\n", encoding="utf-8")
    assert load_table("quotes.csv", data_copy)[0]["text"] == "Second words"


def test_callers_get_their_own_rows(data_copy):
    load_table("quotes.csv", data_copy)[0]["text"] = "changed by a caller"
    assert load_table("quotes.csv", data_copy)[0]["text"] != "changed by a caller"
