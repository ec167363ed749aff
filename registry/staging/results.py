"""Results of staging one tumor: status, schema, outputs, errors, table path, discriminator questions.

Status names follow the reference staging engine (``staging-edits-codes.md`` §1.3). The reference
spells the ambiguous-schema status ``FAILED_MULITPLE_MATCHING_SCHEMAS``; this code base (and the
command-line contract) uses the correct spelling ``FAILED_MULTIPLE_MATCHING_SCHEMAS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STAGED = "STAGED"
FAILED_MISSING_SITE_OR_HISTOLOGY = "FAILED_MISSING_SITE_OR_HISTOLOGY"
FAILED_NO_MATCHING_SCHEMA = "FAILED_NO_MATCHING_SCHEMA"
FAILED_MULTIPLE_MATCHING_SCHEMAS = "FAILED_MULTIPLE_MATCHING_SCHEMAS"
FAILED_INVALID_YEAR_DX = "FAILED_INVALID_YEAR_DX"
FAILED_INVALID_INPUT = "FAILED_INVALID_INPUT"

STATUSES = (
    STAGED,
    FAILED_MISSING_SITE_OR_HISTOLOGY,
    FAILED_NO_MATCHING_SCHEMA,
    FAILED_MULTIPLE_MATCHING_SCHEMAS,
    FAILED_INVALID_YEAR_DX,
    FAILED_INVALID_INPUT,
)

# error types of the reference engine
UNKNOWN_INPUT = "UNKNOWN_INPUT"
MISSING_INPUT = "MISSING_INPUT"
DISCRIMINATOR_NEEDED = "DISCRIMINATOR_NEEDED"
INVALID_REQUIRED_INPUT = "INVALID_REQUIRED_INPUT"
INVALID_NON_REQUIRED_INPUT = "INVALID_NON_REQUIRED_INPUT"
INVALID_OUTPUT = "INVALID_OUTPUT"
MATCH_NOT_FOUND = "MATCH_NOT_FOUND"
STAGING_ERROR = "STAGING_ERROR"
UNKNOWN_TABLE = "UNKNOWN_TABLE"
UNKNOWN_INPUT_MAPPING = "UNKNOWN_INPUT_MAPPING"
INFINITE_LOOP = "INFINITE_LOOP"


@dataclass(frozen=True, slots=True)
class StagingError:
    """One problem found while staging; ``key`` names the input or output concerned."""

    key: str
    message: str
    type: str
    table: str | None = None
    columns: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, str]:
        return {"key": self.key, "message": self.message}


@dataclass(frozen=True, slots=True)
class AllowedValue:
    code: str
    description: str


@dataclass(frozen=True, slots=True)
class DiscriminatorQuestion:
    """What to ask a registrar when several schemas match: the input, its question and its codes."""

    key: str
    question: str
    naaccr_xml_id: str | None
    allowed_values: tuple[AllowedValue, ...]
    schemas: tuple[str, ...]

    def message(self) -> str:
        codes = "; ".join(f"{v.code} = {v.description}" if v.description else v.code for v in self.allowed_values)
        return f"{self.question} is needed to choose between schemas {', '.join(self.schemas)}" + (
            f" (allowed values: {codes})" if codes else ""
        )


@dataclass
class StagingResult:
    result: str
    schema_id: str | None = None
    output: dict[str, str] = field(default_factory=dict)
    errors: list[StagingError] = field(default_factory=list)
    path: list[str] = field(default_factory=list)
    candidate_schemas: tuple[str, ...] = ()
    discriminators: tuple[DiscriminatorQuestion, ...] = ()

    @property
    def staged(self) -> bool:
        return self.result == STAGED

    def as_dict(self) -> dict[str, object]:
        """The command-line contract shape: result, schema_id, output, errors [{key, message}]."""
        return {
            "result": self.result,
            "schema_id": self.schema_id,
            "output": dict(self.output),
            "errors": [e.as_dict() for e in self.errors],
        }
