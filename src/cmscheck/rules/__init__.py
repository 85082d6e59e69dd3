"""Rules as data: models, loader and compiler to durable-rules rulesets."""

from .loader import load_rules
from .models import Rule, RuleSet

__all__ = ["Rule", "RuleSet", "load_rules"]
