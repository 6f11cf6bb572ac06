/**
 * A tour of mdma-trial-sim: the same steps as tour.ipynb (Deno kernel), as a plain script.
 *
 *   npm run build && npx deno run examples/notebooks/tour.ts
 *
 * No permission flag is needed: nothing here reads the environment. Printing a
 * result shows a summary of tens of lines (its display), never its rows; charts are Vega-Lite
 * specs (a notebook draws them) and renderSvg turns them into SVG offline.
 *
 * Simulated data from a model, for research and teaching; not medical advice.
 */
import { charts, checkPublished, defaultCalibration, forecastTrial, powerCurve, preset, renderSvg, simulateParticipant, simulateTrials, withDisplay } from "mdma-trial-sim/node";
import mp1Published from "../checks/mp1.json" with { type: "json" };

const protocol = preset("mp1");

/** Render a chart and say what it drew (a notebook would show the picture instead). */
async function show(spec: charts.ChartSpec): Promise<void> {
  const svg = await renderSvg(spec);
  const drawn = (svg.match(/<(path|line|rect|text)\b/g) ?? []).length;
  console.log(`[chart] ${charts.chartTitle(spec)}: ${svg.length} bytes of SVG, ${drawn} drawn elements`);
}

// 1. One participant of the MP-1 design: the course, then the first drug session drawn.
const participant = withDisplay(simulateParticipant({ protocol, seed: 1 }), "participant");
console.log(participant);
await show(charts.session(participant, { thresholds: protocol.sessionRules.thresholds }));

// 2. Many trials of the design: power with its Monte Carlo error, and the effect one trial would show.
const run = withDisplay(await simulateTrials({ protocol, seed: 1 }, { trials: 200 }), "trials");
console.log(run);
await show(charts.effectDistribution(run, { measure: "g", published: -1.21 }));

// 3. Power over the number of participants per arm.
const curve = withDisplay((await powerCurve(simulateTrials, { protocol, seed: 1 }, [6, 12, 18, 24], { trials: 100 })).points, "power");
console.log(curve);
await show(charts.powerCurve(curve, { targetPower: 0.8 }));

// 4. A forecast from the calibration: assurance next to power at the point estimate.
const forecast = withDisplay(await forecastTrial({ protocol, seed: 1 }, { trials: 100 }), "forecast");
console.log(forecast);
await show(charts.effectDistribution(forecast, { measure: "difference", published: -33.6 }));

// 5. The calibration behind it: published figures among simulated trials, and leave-one-out forecasts.
const calibration = withDisplay(await defaultCalibration(), "calibration");
console.log(calibration);
await show(charts.calibrationFit(calibration));
await show(charts.leaveOneOut(calibration));

// 6. A published result checked: recomputed against reported, and placed among simulated trials.
const report = withDisplay(await checkPublished(mp1Published, { trials: 200 }), "check");
console.log(report);
await show(charts.check(report));

// Every chart of a result at once (what a report embeds): ids and titles.
for (const c of charts.chartsFor(participant, "participant", { thresholds: protocol.sessionRules.thresholds })) console.log(`${c.id}: ${c.title}`);
