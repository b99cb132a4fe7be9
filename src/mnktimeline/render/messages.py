"""The sentences the CLI writes to stderr about a result (not errors, which say
themselves). One place, so that commands only translate and say the same thing alike."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..model import Problem, Store, quotations

NO_MATCH = "no events match these filters"
NO_MATCH_EXPORT = "no events match these filters; the export holds none"
NO_MATCH_CITE = "no events match these filters; there is nothing to cite"
INPUT_ENDED = "the input ended (Ctrl-D) before every question was answered; nothing was changed"
SOURCES_ALONE = (
    "--source cites sources by their ids, and cannot be combined with event ids or "
    "filters; give either --source ID or the events"
)


def not_a_texts_folder(texts: Path | str) -> str:
    return f"--texts {texts} is not a folder; give the folder that holds the <source id>.txt files"


def no_features(events: int) -> str:
    """Return the note for a GeoJSON export of events none of which has coordinates."""
    return (
        f"no place of the {plural(events, 'event')} selected has coordinates; the export "
        "holds no features (coordinates are a place's 'coordinates' in the store)"
    )


def plural(n: int, word: str, many: str | None = None) -> str:
    """Return "1 event", "2 events" (or ``many`` for the plural)."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def validated(
    target: Path | str, store: Store | None, problems: Sequence[Problem], texts_given: bool
) -> tuple[str | None, str | None]:
    """Return the closing error of ``timeline validate`` (None if the store is valid) and
    its summary note (None if it is not)."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors or store is None:
        return f"{target}: {plural(errors, 'error')}, {plural(warnings, 'warning')}", None
    quotes = quotations(store)
    unchecked = (
        f"; its {quotes} quotation{'s were' if quotes != 1 else ' was'} not checked "
        "(give --texts DIR, the folder of the sources' texts)"
        if quotes and not texts_given
        else ""
    )
    counts = (
        f"{plural(len(store.events), 'event')}, {plural(len(store.actors), 'actor')}, "
        f"{plural(len(store.sources), 'source')}, {plural(len(store.places), 'place')}"
    )
    if store.format < 2:
        counts += f" (format {store.format}: 'timeline fmt --upgrade' rewrites it in format 2)"
    also = f", {plural(warnings, 'warning')}" if warnings else ""
    return None, f"{target}: valid: {counts}{also}{unchecked}"


def initialised(path: Path | str, store: Store, env_var: str) -> str:
    return (
        f"wrote {plural(len(store.events), 'event')}, {plural(len(store.actors), 'actor')} and "
        f"{plural(len(store.sources), 'source')} to {path}; use it with --data {path} "
        f"or export {env_var}={path}"
    )


def imported(count: int, path: Path | str) -> str:
    return f"imported {plural(count, 'event')} into {path}"


def nothing_to_import(name: str, path: Path | str) -> str:
    return f"{name} holds no events; {path} was not changed"


def dry_run(path: Path | str, canonical: bool, changes: bool = True, created: bool = False) -> str:
    """Return the note after a dry run's diff (``created``: of a file not there yet)."""
    if created:
        return f"dry run: {path} was not created; the diff above is what it would hold"
    layout = (
        ""
        if canonical
        else f"; {path} is not in the canonical layout, which the write would also restore "
        "('timeline fmt --dry-run' shows that part)"
    )
    if not changes:
        return f"dry run: {path} was not changed, and would not be{layout}"
    return f"dry run: {path} was not changed; the diff above is what would change{layout}"


def listed(items: Sequence[str]) -> str:
    """Return "a", "a and b", "a, b and c"."""
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)


def created(kinds_ids: Sequence[tuple[str, str]], path: Path | str) -> str:
    """Return "added event x, actor y and source z to PATH"."""
    return f"added {listed([f'{kind} {ident}' for kind, ident in kinds_ids])} to {path}"


def set_fields(
    kind: str, ident: str, fields: Sequence[str], changed: bool, path: Path | str
) -> str:
    names = listed(fields)
    if not changed:
        return f"{kind} {ident} already had those values ({names}); {path} was not changed"
    return f"set {names} of {kind} {ident} in {path}"


def _references(references: int, records: int) -> str:
    return f"{plural(references, 'reference')} in {plural(records, 'record')}"


def renamed(kind: str, old: str, new: str, references: int, records: int, path: Path | str) -> str:
    also = f", and {_references(references, records)}" if references else ""
    return f"renamed {kind} {old} to {new} in {path}{also}"


def removed(
    kind: str,
    ident: str,
    cut: tuple[int, int],
    gone: Sequence[tuple[str, str]],
    path: Path | str,
) -> str:
    """Return what ``rm`` did: the record, the references ``cut`` (how many, in how many
    records), and the records ``gone`` with it (kind, id), the first ten named."""
    said = f"removed {kind} {ident} from {path}"
    if cut[0]:
        said += f", and {_references(*cut).replace(' in ', ' to it in ', 1)}"
    if gone:
        named = [f"{k} {i}" for k, i in gone[:10]]
        more = [f"{len(gone) - 10} more"] if len(gone) > 10 else []
        said += (
            f"; with it went {plural(len(gone), 'record')} that could not stand without it: "
            f"{listed(named + more)}"
        )
    return said


def edited(kind: str, ident: str, changed: bool, path: Path | str) -> str:
    if not changed:
        return f"no change to {kind} {ident}; {path} was not changed"
    return f"changed {kind} {ident} in {path}"


def editor_failed(editor: str, status: int, path: Path | str, kept: str | None) -> str:
    saved = f"; what you saved is kept in {kept}" if kept else ""
    return f"the editor '{editor}' exited with status {status}, so {path} was not changed{saved}"


def edit_cancelled(kind: str, ident: str, path: Path | str, kept: str) -> str:
    return (
        f"the {kind} {ident} was saved with errors and then left as it was, so {path} was "
        f"not changed; what you saved is kept in {kept}"
    )


def kept_after(message: str, kept: str) -> str:
    """Return an error after an edit with where the edited version is kept."""
    return message if kept in message else f"{message}; your version is kept in {kept}"
