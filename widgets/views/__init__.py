"""Each exercise's view, `build_view(state) -> ipywidgets.Widget`, one module per exercise named as its
state's module in exercises/, and `ui`: the messages and the guard against tracebacks every view shares."""
