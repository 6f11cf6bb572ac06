/**
 * A participant's random inputs to the outcome model, each from its own named stream under
 * ["trial", t, "participant", i, ...], drawn in full whatever happens later (a fixed number of
 * draws per stream), so that no outcome shifts another stream and the calibration can reuse the
 * same draws under any parameters.
 */
import { streamPrefix, type StreamRoot } from "../random/rng.js";
import { standardNormal } from "../random/samplers.js";
import type { CoursePlan } from "./plan.js";
import type { CourseDraws } from "./model.js";

/** Every draw the outcome model uses for participant `index` of trial `trial`. */
export function drawCourse(root: StreamRoot, trial: number, index: number, plan: CoursePlan): CourseDraws {
  const key = streamPrefix(root, 5, ["trial", trial, "participant", index]);
  const visits = plan.visits.length;
  const sessions = plan.drugSessions.length;
  const zTrueBaseline = standardNormal(key.stream("true-baseline"));
  const zResponsiveness = standardNormal(key.stream("responsiveness"));
  const perception = key.stream("perception");
  const zPerception = new Float64Array(sessions);
  const zTherapist = new Float64Array(sessions);
  for (let k = 0; k < sessions; k++) {
    zPerception[k] = standardNormal(perception);
    zTherapist[k] = standardNormal(perception);
  }
  const error = key.stream("assessment-error");
  const dropout = key.stream("dropout");
  const zError = new Float64Array(visits);
  const uDropout = new Float64Array(visits);
  const uDropoutWhen = new Float64Array(visits);
  for (let v = 1; v < visits; v++) {
    zError[v] = standardNormal(error);
    uDropout[v] = dropout.uniform();
    uDropoutWhen[v] = dropout.uniform();
  }
  const other = key.stream("outcome-events");
  const uRaterLeak = other.uniform();
  const uRetrieved = other.uniform();
  const uRelapse = other.uniformPositive();
  return { zTrueBaseline, zResponsiveness, zPerception, zTherapist, uRaterLeak, zError, uDropout, uDropoutWhen, uRetrieved, uRelapse };
}
