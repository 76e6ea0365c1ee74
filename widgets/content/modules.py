"""The course's modules in the order learners take them, from data/modules.csv: the one place their
order and titles live. The page frame, the journal and the knowledge checks all read them here."""
from dataclasses import dataclass

from .loader import ContentError, load_table

COURSE_TITLE = "Systems Leadership: improvising your way to change"
HOME_NOTEBOOK = "index.ipynb"


@dataclass(frozen=True)
class Module:
    id: str
    notebook: str
    title: str
    minutes: int
    summary: str
    number: int


def load_modules(data_dir=None):
    return [Module(number=i, **row) for i, row in enumerate(load_table("modules.csv", data_dir), start=1)]


def find_module(module_id, modules):
    for module in modules:
        if module.id == module_id:
            return module
    raise ContentError("modules.csv", f"no module has the id '{module_id}' that this page asks for.",
                       column="id")
