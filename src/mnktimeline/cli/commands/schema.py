"""``timeline schema``: the JSON Schema of the store file."""

from importlib.resources import files

from ..streams import Result


def schema_command() -> Result:
    """Print the JSON Schema of the store file, for editors and other tools.

    It describes both formats: 2 (with "format": 2) and the older 1. 'timeline validate'
    checks more than a schema can: that references name records of the store, that ids
    are unique, that dates exist, and that no event is dated after its sources.

    [bold]Example[/bold]

      timeline schema > store.schema.json
    """
    text = files("mnktimeline.store").joinpath("store.schema.json").read_text(encoding="utf-8")
    return Result([text])
