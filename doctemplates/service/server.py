"""Running the service under uvicorn.  启动服务。"""

from __future__ import annotations

import os
import shutil
import tempfile

from doctemplates.service.settings import ENV, ServiceSettings

__all__ = ["serve"]


def serve(
    settings: ServiceSettings, *, host: str = "127.0.0.1", port: int = 8000, workers: int = 1
) -> None:
    """Serve until stopped (SIGINT/SIGTERM).  ``workers`` server processes share the port.

    The settings reach each process through :data:`ENV`; tokens are read by each
    process from the token file, never put in the environment.  With more than one
    process the metrics are gathered through a private folder (removed at the end).
    """
    import uvicorn

    settings.with_tokens()  # a missing or empty token file stops here, before listening
    os.environ[ENV] = settings.to_json()
    metrics_dir = None
    if workers > 1:
        metrics_dir = tempfile.mkdtemp(prefix="doctemplates-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    try:
        uvicorn.run(
            "doctemplates.service.app:create_app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            # h11, not httptools: httptools drops the body of a request that asks to upgrade
            # to h2c, as Java's HttpClient does by default on plain HTTP
            http="h11",
            log_level="warning",
            access_log=False,
            server_header=False,
            timeout_graceful_shutdown=30,
            timeout_keep_alive=30,  # nginx keeps upstream connections; 5 s would race with them
        )
    finally:
        if metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)
