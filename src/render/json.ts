import type { Report } from '../model/report.js';

/** The JSON contract (schema/report.v1.json): two-space indentation, newline at the end. */
export default function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
