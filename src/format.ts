/**
 * The one number formatter for text output (tables, messages, reports). Numbers in JSON are
 * never formatted: they keep full precision.
 */

/**
 * A number as short readable text: integers as they are; otherwise 0 decimals from 1000 up,
 * 1 from 100, `digits − 1` from 1, and `digits` significant digits below 1, trailing zeros
 * dropped. null and undefined print as "", booleans as yes/no, non-finite values as JS does.
 *
 * @example formatNumber(0.123456) // "0.123"; formatNumber(12.3456) // "12.35"; formatNumber(-53.7) // "-53.7"
 */
export function formatNumber(v: unknown, digits = 3): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v !== "number") return String(v);
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  let text: string;
  if (a >= 1000) text = v.toFixed(0);
  else if (a >= 100) text = v.toFixed(1);
  else if (a >= 1) text = v.toFixed(Math.max(0, digits - 1));
  else text = v.toPrecision(digits);
  return text.includes(".") && !text.includes("e") ? text.replace(/\.?0+$/, "") : text;
}
