"""`python -m cmscheck ...`: the `cmscheck` command, where the environment's scripts folder is not on PATH."""

from .cli import main

if __name__ == "__main__":
    main()
