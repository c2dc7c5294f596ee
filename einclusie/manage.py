"""The `einclusie` command: Django's manage.py, installed as a console script."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "einclusie.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "einclusie"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
