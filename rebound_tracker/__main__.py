from rebound_tracker.cli import main

raise SystemExit(main())
