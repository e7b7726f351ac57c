"""Load YAML configuration files into pydantic models with errors that name the field.

Every file under ``config/`` is read through :func:`load_yaml_model`, so a typo in any of them
fails the same way: ``config/accounts.yml: meta.accounts[1].account_id: <what is wrong>``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

CONFIG_DIR = Path(__file__).resolve().parent

M = TypeVar("M", bound=BaseModel)


class ConfigError(ValueError):
    """A configuration file is missing, is not valid YAML, or fails validation.

    The message names the file and, for validation errors, every offending field path.
    """


def _field_path(loc: tuple[int | str, ...]) -> str:
    """Render a pydantic error location as ``meta.accounts[1].account_id``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def format_validation_error(path: Path | str, err: ValidationError) -> str:
    """Turn a pydantic ``ValidationError`` into one readable line per wrong field."""
    lines = [f"{path}: {len(err.errors())} problem(s)"]
    for e in err.errors():
        got = e.get("input")
        shown = "" if isinstance(got, dict | list) or got is None else f" (got {got!r})"
        lines.append(f"  {path}: {_field_path(tuple(e['loc']))}: {e['msg']}{shown}")
    return "\n".join(lines)


def load_yaml_model(path: Path | str, model: type[M]) -> M:
    """Read ``path`` as YAML and validate it as ``model``.

    Args:
        path: the YAML file.
        model: the pydantic model the whole document must satisfy.

    Returns:
        The validated model instance.

    Raises:
        ConfigError: the file is missing, is not YAML (message gives line and column), is empty,
            or fails validation (message names every wrong field).
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: configuration file not found")
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}: not valid YAML{where}: {exc}") from exc
    if doc is None:
        raise ConfigError(f"{path}: file is empty")
    if not isinstance(doc, dict):
        raise ConfigError(f"{path}: top level must be a mapping, got {type(doc).__name__}")
    try:
        return model.model_validate(doc)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(path, exc)) from exc
