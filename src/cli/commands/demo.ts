import type { Command } from "../framework.js";
import { formatTimeline, preset } from "../../protocol/index.js";

export const demoCommand: Command = {
  path: ["demo"],
  summary: "What 'npm start' runs: the default protocol's course as a timeline",
  run(ctx) {
    ctx.io.stdout(
      [
        "mdma-trial-sim: for research and teaching only; not medical advice.",
        "",
        formatTimeline(preset("sessa2016")),
        "",
        "Other presets: mdma-trial-sim presets; one of them: mdma-trial-sim protocol timeline mp1",
        "",
      ].join("\n"),
    );
    return 0;
  },
};
