import * as z from "zod/mini";
import { type Command, requirePositionals, UsageError } from "../framework.js";
import { loadProtocol, readJsonFile } from "../../node/files.js";
import { checkProtocol, formatTimeline, isPresetId, PRESET_IDS, PRESET_INFO, presetInput, ProtocolSchema } from "../../protocol/index.js";
import { formatIssues } from "../../errors.js";

export const presetsCommand: Command = {
  path: ["presets"],
  summary: "List the preset protocols (ids and one-line descriptions)",
  options: { format: { type: "string", description: "text or json", valueName: "text|json", default: "text" } },
  run(ctx) {
    requirePositionals(ctx, 0, "");
    if (ctx.values.format === "json") {
      ctx.io.stdout(`${JSON.stringify(PRESET_INFO, null, 2)}\n`);
    } else if (ctx.values.format === "text" || ctx.values.format === undefined) {
      const width = Math.max(...PRESET_INFO.map((p) => p.id.length));
      ctx.io.stdout(PRESET_INFO.map((p) => `${p.id.padEnd(width)}  ${p.description}`).join("\n") + "\n");
    } else throw new UsageError(`--format must be text or json, got '${String(ctx.values.format)}'`);
    return 0;
  },
};

export const protocolShowCommand: Command = {
  path: ["protocol", "show"],
  args: "<preset>",
  summary: "Print a preset protocol as JSON (edit it and validate it with 'protocol validate')",
  details: `Presets: ${PRESET_IDS.join(", ")}. The JSON is the protocol as written, with its provenance notes.`,
  run(ctx) {
    const [id] = requirePositionals(ctx, 1, `preset id (one of ${PRESET_IDS.join(", ")})`);
    if (!isPresetId(id!)) throw new UsageError(`unknown preset '${id}'; choose one of ${PRESET_IDS.join(", ")}`);
    ctx.io.stdout(`${JSON.stringify(presetInput(id), null, 2)}\n`);
    return 0;
  },
};

export const protocolValidateCommand: Command = {
  path: ["protocol", "validate"],
  args: "<file.json>",
  summary: "Validate a protocol file: exit 0 and 'valid', or exit 2 with every problem and its path",
  run(ctx) {
    const [file] = requirePositionals(ctx, 1, "protocol file (JSON)");
    const result = checkProtocol(readJsonFile(file!));
    if (result.valid) {
      ctx.io.stdout("valid\n");
      return 0;
    }
    ctx.io.stderr(`${formatIssues(`protocol in ${file}`, result.issues)}\n`);
    return 2;
  },
};

export const protocolTimelineCommand: Command = {
  path: ["protocol", "timeline"],
  args: "<preset|file.json>",
  summary: "Print a protocol's course as a readable timeline (sessions, doses, visits, monitoring rules)",
  run(ctx) {
    const [ref] = requirePositionals(ctx, 1, "preset id or protocol file");
    ctx.io.stdout(`${formatTimeline(loadProtocol(ref!))}\n`);
    return 0;
  },
};

export const protocolSchemaCommand: Command = {
  path: ["protocol", "schema"],
  summary: "Print the protocol's JSON Schema (for editors and other tools)",
  run(ctx) {
    requirePositionals(ctx, 0, "");
    ctx.io.stdout(`${JSON.stringify(z.toJSONSchema(ProtocolSchema, { io: "input" }), null, 2)}\n`);
    return 0;
  },
};
