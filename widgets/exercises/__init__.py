"""Each exercise's state: traits saved as the learner's work, grading and feedback, its journal entry.
No module here imports ipywidgets or builds a page's HTML: views/ does that. widgets/registry.py lists them all."""
