"""JSON Schemas for editors, generated from the models (one per kind of content file)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .models.kinds import KINDS


def schema_for(model: type[BaseModel], name: str) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{name}.schema.json", **schema}


def schema_texts() -> dict[str, str]:
    """File name -> JSON text, stable (sorted keys) so committed copies can be compared."""
    return {
        kind.schema: json.dumps(schema_for(kind.model, kind.name), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for kind in KINDS
    }


def write_schemas(out: Path) -> list[Path]:
    from .output import write_text_atomic

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        target = out / name
        write_text_atomic(target, text)
        written.append(target)
    return written


def editor_settings() -> str:
    """VS Code's ``settings.json``: each schema mapped to the files of its kind, for files written
    without the modeline (the YAML extension reads ``yaml.schemas``)."""
    mapping: dict[str, list[str]] = {}
    for kind in KINDS:
        pattern = kind.glob.removesuffix(".yml")
        mapping[f"./schema/{kind.schema}"] = [f"content/{pattern}.yml", f"content/{pattern}.yaml"]
    return json.dumps({"yaml.schemas": mapping}, indent=2) + "\n"
