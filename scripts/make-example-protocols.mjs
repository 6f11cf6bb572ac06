#!/usr/bin/env node
// Writes the example protocol files in examples/protocols/ from the presets (after a build).
//   npm run build && node scripts/make-example-protocols.mjs
import { writeFileSync } from "node:fs";
import { presetInput } from "../dist/index.js";

// A protocol a clinician would reject: a 90 mg supplemental after a 60 mg initial dose, and
// drug sessions 10 days apart (integration sessions moved so that only those two problems remain).
const bad = presetInput("mp1");
bad.id = "invalid-example";
bad.title = "An invalid protocol: 60 mg + 90 mg, drug sessions 10 days apart";
bad.arms[0].label = "MDMA 60 mg + 90 mg";
bad.arms[0].sessions[0] = { initialMg: 60, supplemental: { mg: 90, offeredAtH: { earliest: 1.5, latest: 2.5 } } };
bad.schedule.experimental[1].day = 34;
bad.schedule.integration = bad.schedule.integration.filter((s) => s.afterSession === 1 || s.day < 34);
bad.schedule.integration.push({ day: 80, durationMin: 90, afterSession: 1 });
bad.provenance = [];
writeFileSync(new URL("../examples/protocols/invalid-60-plus-90mg-10-days-apart.json", import.meta.url), `${JSON.stringify(bad, null, 2)}\n`);

// A valid custom design: MP-1 with three sessions, for users to start from.
const three = presetInput("mp1");
three.id = "mp1-three-sessions";
three.title = "MP-1 with a third drug session (custom example)";
three.arms.forEach((a) => a.sessions.push(structuredClone(a.sessions[0])));
three.schedule.experimental.push({ day: 80, durationH: 8 });
three.schedule.integration = three.schedule.integration.filter((s) => s.afterSession === 0 || s.day < 80);
three.schedule.integration.push({ day: 81, durationMin: 90, afterSession: 2 }, { day: 87, durationMin: 90, afterSession: 2 });
three.schedule.assessments = three.schedule.assessments.filter((a) => a.id !== "ltfu");
three.schedule.assessments.find((a) => a.id === "primary").day = 140;
three.schedule.assessments.find((a) => a.id === "primary").label = "2 months after drug session 3";
three.provenance = [{ path: "schedule.experimental", status: "assumed", source: "A third session 4 weeks after the second, as in MP-2; an example, not a published design" }];
writeFileSync(new URL("../examples/protocols/mp1-three-sessions.json", import.meta.url), `${JSON.stringify(three, null, 2)}\n`);
console.log("wrote examples/protocols/*.json");
