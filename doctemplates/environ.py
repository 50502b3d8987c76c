"""Names of the environment variables the command line reads before anything else.  环境变量名。

A module of its own so the command line's options can name them without importing
what reads them (the settings model, issue 20 §3).
"""

CONFIG_ENV = "DOCTEMPLATES_CONFIG"  # 设置文件 (doctemplates.settings)

__all__ = ["CONFIG_ENV"]
