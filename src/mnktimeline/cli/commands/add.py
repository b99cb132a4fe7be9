"""``timeline add``: one event, from options or, on a terminal, from questions."""

from typing import Annotated, Any

import typer

from ...errors import UsageError
from ...model import CATEGORIES
from ...render.messages import created as added
from ...write.add import EventDraft, missing_message, plan_add
from ...write.update import store_to_change
from ..options import WriteDataOpt
from ..streams import Result, terminal
from ..writing import DryRunOpt, change_store

EVENT = "Event"
SOURCE = "Source"


def _option(*decls: str, help: str, metavar: str = "TEXT", panel: str = EVENT) -> Any:
    return typer.Option(*decls, metavar=metavar, help=help, rich_help_panel=panel)


# Long because a Typer command's signature is its options: each is one field of the event.
def add_command(
    when: Annotated[
        str | None,
        _option(
            "--date",
            metavar="DATE",
            help="When it happened: 2014, 2014-05, 2014-05-23, May 2014, 23 May 2014, or "
            "START/END such as 2015/2016.",
        ),
    ] = None,
    title: Annotated[str | None, _option(help="A one-line title.")] = None,
    summary: Annotated[str | None, _option(help="What happened, in a few sentences.")] = None,
    actor: Annotated[
        list[str] | None,
        _option(
            "--actor",
            metavar="NAME",
            help="Who took part: a name, alias or id as in queries; repeat for each.",
        ),
    ] = None,
    category: Annotated[
        str | None, _option(metavar="NAME", help=f"One of: {', '.join(CATEGORIES)}.")
    ] = None,
    tag: Annotated[
        list[str] | None, _option("--tag", metavar="TAG", help="A tag; repeat for each.")
    ] = None,
    place: Annotated[
        list[str] | None, _option("--place", metavar="PLACE", help="Where; repeat for each.")
    ] = None,
    event_id: Annotated[
        str | None,
        _option(
            "--id",
            metavar="ID",
            help="The event's id. Default: the date's start and words of the title.",
        ),
    ] = None,
    new_actor: Annotated[
        list[str] | None,
        _option(
            "--new-actor",
            metavar="FIELDS",
            help="Add an actor that is not in the store yet; it takes part in the event. "
            "FIELDS: 'name=Ri Yong-ho,kind=person,country=PRK' (name and kind required; "
            "kind is person, state or organisation; also id=..., alias=... repeatable).",
        ),
    ] = None,
    source: Annotated[
        str | None,
        _option(
            metavar="ID",
            help="The id of a source already in the store that reports it, e.g. "
            "yonhap-2014-05-26 (or use --new-source).",
            panel=SOURCE,
        ),
    ] = None,
    locator: Annotated[
        str | None, _option(help="Where in the source: p. 12, para. 3.", panel=SOURCE)
    ] = None,
    quote: Annotated[str | None, _option(help="The source's words, quoted.", panel=SOURCE)] = None,
    new_source: Annotated[
        str | None,
        _option(
            "--new-source",
            metavar="FIELDS",
            help="Add a source that is not in the store yet and cite it. FIELDS: "
            "'title=...,publisher=...,published=2013-10-28,url=https://...' (title required; "
            "also id=..., author=...). A comma inside a value is fine.",
            panel=SOURCE,
        ),
    ] = None,
    dry_run_: DryRunOpt = False,
    data: WriteDataOpt = None,
) -> Result:
    """Add one event to your store, and print its id and those of the records made for it.

    Actor names are matched as in queries; dates are written as the filters
    take them (Sep 2024). On a terminal, missing fields are asked for, and a
    field the store's checks refuse is asked for again; in a script they are
    an error.

    [bold]Examples[/bold]

      timeline add --data my-events.json --date 2014-05-23 --title 'Ri Yong-ho meets US experts' --summary 'Talks in Ulaanbaatar.' --actor 'Ri Yong-ho' --actor 'Joel Wit' --category mediation --source yonhap-2014-05-26-ri-meeting

      timeline add --data my-events.json --dry-run --date 2018-06 --title 'Notes on a visit' --summary 'What the report says.' --actor Mongolia --category diplomacy --source campi-2019-apb457 --locator 'para. 1'

      timeline add --data my-events.json    (on a terminal: asks for each field)
    """
    path = store_to_change(data, "add")
    draft = EventDraft.of(
        date=when,
        title=title,
        summary=summary,
        category=category,
        actors=actor or (),
        source=source,
        locator=locator,
        quote=quote,
        tags=tag or (),
        places=place or (),
        id=event_id,
        new_actors=new_actor or (),
        new_source=new_source,
    )
    missing = draft.missing()
    if missing and not terminal().interactive:
        raise UsageError(missing_message(missing))
    draft = draft.checked()
    if terminal().interactive:
        from ..prompts import complete

        draft = complete(draft, missing, path)
    done, diff, note = change_store(path, lambda d, s: plan_add(d, s, draft), dry_run_)
    created = done.created()
    ids = [] if dry_run_ else [f"{ident}\n" for _, ident in created]
    return Result(diff or ids, after=[note or added(created, path)])
