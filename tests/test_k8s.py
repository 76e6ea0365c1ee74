"""The Kubernetes files (deploy/k8s/) parse, and every key of values.yaml is one the Zero to JupyterHub chart we
name documents: values.yaml merged over the chart's own defaults validates against the chart's schema (both
copied from the chart's 4.4.0 release into deploy/k8s/)."""
import copy
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

K8S = Path(__file__).resolve().parent.parent / "deploy" / "k8s"
CHART = "4.4.0"
INSTRUCTIONS = {"FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER",
                "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"}


def merged(defaults, overrides):
    """Helm's merge of a values file over the chart's defaults: maps merge key by key, anything else replaces."""
    result = copy.deepcopy(defaults)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def load(name):
    return yaml.safe_load((K8S / name).read_text(encoding="utf-8"))


def test_values_use_only_keys_the_charts_schema_documents():
    schema = load(f"z2jh-{CHART}-values.schema.yaml")
    values = load("values.yaml")
    jsonschema.validate(merged(load(f"z2jh-{CHART}-values.yaml"), values), schema)
    assert f"chart {CHART}" in (K8S / "values.yaml").read_text(encoding="utf-8")


def test_the_check_catches_a_misspelt_key():
    schema = load(f"z2jh-{CHART}-values.schema.yaml")
    values = load("values.yaml")
    values["singleuser"]["defaultURL"] = values["singleuser"].pop("defaultUrl")
    with pytest.raises(jsonschema.ValidationError, match="defaultURL"):
        jsonschema.validate(merged(load(f"z2jh-{CHART}-values.yaml"), values), schema)


def test_learners_land_in_the_course_with_work_in_postgresql_from_a_secret():
    values = load("values.yaml")
    singleuser = values["singleuser"]
    assert singleuser["cmd"] == ["python", "-m", "widgets.hub"]
    assert singleuser["defaultUrl"] == "/voila/render/index.ipynb"
    assert singleuser["extraEnv"]["SL_STORE"]["valueFrom"]["secretKeyRef"] == {"name": "sl-course-store", "key": "url"}
    assert values["hub"]["config"]["JupyterHub"]["load_groups"]["tutors"] == {"users": []}
    assert "read:users!user" in values["hub"]["loadRoles"]["server"]["scopes"]
    assert values["cull"]["enabled"] is True


def dockerfile_instructions():
    """(instruction, arguments) for each instruction of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (K8S / "Dockerfile").read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return [(line.split(None, 1)[0], line.split(None, 1)[1] if " " in line else "") for line in lines]


def test_the_dockerfile_parses_and_runs_the_course_as_an_unprivileged_user():
    instructions = dockerfile_instructions()
    assert instructions[0][0] == "FROM"
    assert all(name in INSTRUCTIONS for name, _ in instructions), [n for n, _ in instructions if n not in INSTRUCTIONS]
    assert ("USER", "1000") in instructions
    assert instructions[-1] == ("CMD", '["python", "-m", "widgets.hub"]')
    copied = " ".join(args for name, args in instructions if name == "COPY")
    for needed in ("requirements.txt", "constraints.txt", "widgets/", "course/", "data/", "app/"):
        assert needed in copied
