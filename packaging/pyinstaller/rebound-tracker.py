"""The bundle's executable: the same launcher as the ``rebound-tracker`` script (a command
runs the command line; none opens the window; ``--self-test`` checks the build)."""

from rebound_tracker.launcher import main

raise SystemExit(main())
