"""Each dataset's data dictionary as a Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/).

``frictionless validate`` checks every full download against it in the suite."""

from api.datasets.registry import Dataset


def table_schema(dataset: Dataset) -> dict:
    fields = []
    for field in dataset.fields:
        descriptor = {"name": field.name, "title": field.title, "type": field.type}
        if field.description:
            descriptor["description"] = field.description
        if field.unit:
            # Not a Table Schema property: kept beside the others, as the spec allows.
            descriptor["unit"] = field.unit
        constraints = {}
        if field.required:
            constraints["required"] = True
        if field.enum:
            constraints["enum"] = list(field.enum)
        if constraints:
            descriptor["constraints"] = constraints
        if field.type == "boolean":
            descriptor["trueValues"], descriptor["falseValues"] = ["true"], ["false"]
        fields.append(descriptor)
    schema = {"fields": fields, "missingValues": [""]}
    if dataset.primary_key:
        schema["primaryKey"] = list(dataset.primary_key)
    return schema
