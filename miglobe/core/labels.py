"""`choice_labels(Stage)`: a `Choices` class's labels for a table's rows, translated once per request."""


def choice_labels(choices) -> dict:
    """{value: label} in the active language. A table looks each row's label up here instead of calling
    `get_FOO_display()` per row, which builds the choices' dict and translates a label every time (issue #13)."""
    return {value: str(label) for value, label in choices.choices}
