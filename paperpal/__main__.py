"""``python -m paperpal`` is the same as the ``paperpal`` command."""

from paperpal.cli import main

if __name__ == "__main__":
    main()
