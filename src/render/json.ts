import type { Report } from '../model/report.js';
import { jsonText } from './boundary.js';

/** The JSON contract (schema/report.v1.json): two-space indentation, newline at the end. */
export default function renderJson(report: Report): string {
  return jsonText(report);
}
