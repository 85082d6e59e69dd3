"""cmscheck: check a carbon management system's evidence against Chinese carbon-management standards."""

__version__ = "0.1.0"
