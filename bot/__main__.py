"""``python -m bot``: the assistant's command line."""

from bot.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
