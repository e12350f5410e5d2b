import { describe, expect, it } from "vitest";

import { DEPLOY_TARGET } from "../../test/credentialFixtures";
import { draftOf, emptyDraft, emptyInput, previewType, toDefinition, validateDraft, type TypeDraft } from "./typeModel";

function draft(changes: Partial<TypeDraft> = {}): TypeDraft {
  return {
    id: "vault_approle",
    label: "Vault AppRole",
    description: "",
    inputs: [{ ...emptyInput(), id: "role_id", label: "Role ID", required: true }],
    ...changes,
  };
}

describe("custom type drafts", () => {
  it("pass the core's rules when complete", () => {
    expect(validateDraft(draft(), ["aws"])).toEqual({});
  });

  it("report each rule the core applies, by form path", () => {
    const errors = validateDraft(
      draft({
        id: "Vault",
        label: " ",
        inputs: [
          { ...emptyInput(), id: "1st", label: "First" },
          { ...emptyInput(), id: "dup", label: "A" },
          { ...emptyInput(), id: "dup", label: "B", type: "boolean", secret: true },
          { ...emptyInput(), id: "port", label: "Port", type: "integer", default: "80.5" },
          { ...emptyInput(), id: "tags", label: "Tags", type: "list", default: '["a", 1]' },
        ],
      }),
      [],
    );
    expect(errors).toEqual({
      id: expect.stringContaining("a-z, 0-9") as string,
      label: "The type needs a label",
      "inputs.0.id": "Use a-z, 0-9 and '_', starting with a letter",
      "inputs.2.id": "dup is defined twice",
      "inputs.2.secret": "Only text inputs can be sensitive",
      "inputs.3.default": "Enter a whole number",
      "inputs.4.default": expect.stringContaining("JSON list of texts") as string,
    });
    expect(validateDraft(draft({ id: "aws" }), ["aws"]).id).toBe("aws is a built-in type: choose another id");
    expect(validateDraft(draft({ inputs: [] }), []).inputs).toBe("The type needs at least one input");
  });

  it("send only the options each kind uses, with defaults of the input's kind", () => {
    const definition = toDefinition(
      draft({
        inputs: [
          { ...emptyInput(), id: "port", label: "Port", type: "integer", default: "5432", format: "url", choices: ["x"] },
          { ...emptyInput(), id: "token", label: "Token", secret: true, multiline: true, default: "ignored" },
          { ...emptyInput(), id: "flags", label: "Flags", type: "object", default: '{"a": "b"}' },
        ],
      }),
    );
    expect(definition.inputs.map((input) => [input.id, input.format, input.choices, input.default, input.secret])).toEqual([
      ["port", null, [], 5432, false],
      ["token", null, [], null, true],
      ["flags", null, [], { a: "b" }, false],
    ]);
    expect(definition.inputs[1]?.multiline).toBe(true);
  });

  it("round-trip an existing type", () => {
    const { id, label, description, inputs } = DEPLOY_TARGET;
    expect(toDefinition(draftOf(DEPLOY_TARGET))).toEqual({ id, label, description, inputs });
  });

  it("preview only the inputs that already have a usable id", () => {
    const preview = previewType(
      draft({
        label: "",
        inputs: [
          { ...emptyInput(), id: "host", label: "Host" },
          { ...emptyInput(), id: "", label: "Unnamed" },
          { ...emptyInput(), id: "host", label: "Again" },
        ],
      }),
    );
    expect(preview.label).toBe("Untitled type");
    expect(preview.inputs.map((input) => input.label)).toEqual(["Host"]);
    expect(preview.kind).toBe("static");
    expect(emptyDraft().inputs).toHaveLength(1);
  });
});
