/**
 * The labeling config of a Label Studio project that reads Goldset's Label Studio export: a Text
 * tag on `$text` and a Choices tag with one Choice per label, in the project's label order. The tag
 * names are the `to_name` and `from_name` every exported result uses, so tasks imported into a
 * project made with this config show their annotations and predictions.
 */

export const LABEL_STUDIO_TEXT_NAME = "text";
export const LABEL_STUDIO_CHOICES_NAME = "label";
/** The Labels tag of a spans project's entity types. */
export const LABEL_STUDIO_ENTITIES_NAME = "entities";

/** `entityTypes`: a spans project's (its `names` are then the item-level labels, possibly none). */
export type LabelStudioLabelSet = { names: readonly string[]; multiLabel: boolean; entityTypes?: readonly string[] };

export function labelStudioConfigXml(labelSet: LabelStudioLabelSet): string {
  const entityTypes = labelSet.entityTypes ?? [];
  if (labelSet.names.length === 0 && entityTypes.length === 0) {
    throw new Error("the label set has no labels; a Label Studio Choices tag needs at least one Choice.");
  }
  const choices = labelSet.names.map((name) => `    <Choice value="${xmlAttribute(name)}"/>\n`).join("");
  const entities = entityTypes.map((name) => `    <Label value="${xmlAttribute(name)}"/>\n`).join("");
  return (
    "<View>\n" +
    (entities === "" ? "" : `  <Labels name="${LABEL_STUDIO_ENTITIES_NAME}" toName="${LABEL_STUDIO_TEXT_NAME}">\n${entities}  </Labels>\n`) +
    `  <Text name="${LABEL_STUDIO_TEXT_NAME}" value="$${LABEL_STUDIO_TEXT_NAME}"/>\n` +
    (choices === ""
      ? ""
      : `  <Choices name="${LABEL_STUDIO_CHOICES_NAME}" toName="${LABEL_STUDIO_TEXT_NAME}" choice="${labelSet.multiLabel ? "multiple" : "single"}">\n` +
        choices +
        "  </Choices>\n") +
    "</View>\n"
  );
}

/** Label names are free text: escaped so a name such as `A&B "<x>"` stays one attribute value. */
function xmlAttribute(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}
