"""The schema of every content file in data/: which columns it has and what they may hold.

Each file is a CSV a tutor can open in a spreadsheet. Rows keep their order: the course
shows them in the order they are in the file.
"""
from .content import Column, Table

ID_LENGTH = 60

SCHEMAS = {t.file: t for t in (
    Table("modules.csv", (
        Column("id", unique=True, max_length=ID_LENGTH),
        Column("notebook", unique=True, max_length=120),
        Column("title", max_length=120),
        Column("minutes", kind="int", minimum=1, maximum=240),
        Column("summary", max_length=400),
    ), min_rows=1, description="The course's modules in the order learners take them."),

    Table("quotes.csv", (
        Column("id", unique=True, max_length=ID_LENGTH),
        Column("text"),
        Column("speaker", required=False, max_length=120),
        Column("source", max_length=300),
        Column("date", max_length=40),
    ), description="Quotations from the deck, each with its source and date."),

    Table("lists.csv", (
        Column("list_id", max_length=ID_LENGTH),
        Column("text", max_length=600),
    ), description="The deck's bulleted lists; a list is the rows that share a list_id, in file order."),

    Table("ways_of.csv", (
        Column("number", kind="int", unique=True, minimum=1, maximum=6),
        Column("name", unique=True, max_length=60),
        Column("focus", max_length=120),
    ), min_rows=6, description="The six 'ways of' from Ghate, Lewis and Welbourn (2013)."),

    Table("ways_of_qualities.csv", (
        Column("way", kind="int", refs=("ways_of.csv", "number")),
        Column("quality", unique=True, max_length=120),
    ), min_rows=6, description="The qualities the deck lists under each of the six 'ways of'."),

    Table("places.csv", (
        Column("id", unique=True, max_length=ID_LENGTH),
        Column("place", max_length=120),
        Column("programme", max_length=120),
        Column("theme", choices=("joining up health and care", "working with communities",
                                 "new roles and teams", "sharing information")),
        Column("slide", choices=("real progress", "people and HR", "sharing information",
                                 "leadership development")),
        Column("what_changed", max_length=1000),
    ), description="The places and programmes the deck names, and what changed in each."),

    Table("references.csv", (
        Column("label", max_length=200),
        Column("address", unique=True, max_length=300),
        Column("kind", choices=("web", "email", "twitter")),
    ), description="The deck's 'more information' slide."),
)}
