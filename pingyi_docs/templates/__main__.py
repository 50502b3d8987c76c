"""``python -m pingyi_docs.templates build [OUTDIR]``."""

from pingyi_docs.templates import main

raise SystemExit(main())
