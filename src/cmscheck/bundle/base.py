"""The base of every manifest model: unknown fields are errors (a typo must not pass silently)."""

from pydantic import BaseModel, ConfigDict


class M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
