"""``python -m mnktimeline`` runs the ``timeline`` command."""

from mnktimeline.entry import main

if __name__ == "__main__":
    main()
