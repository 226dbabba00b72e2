from rebound_tracker.launcher import main

raise SystemExit(main())
