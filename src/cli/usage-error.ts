/**
 * Commander's own errors (unknown option or command, a value outside the choices, a missing or extra argument) in
 * seaworthy's one format: `seaworthy: error: <what>` and `  hint: <what to do>`, like every other usage error.
 */
import type { CommanderError } from 'commander';
import { UsageError } from '../errors.js';
import { didYouMean } from '../util/text.js';

/** "(Did you mean --format?)" after Commander's message, when it found a close option or command. */
const SUGGESTION = /\n\(Did you mean (.+)\?\)\s*$/;
/** "option '-f, --format <format>' argument 'jsn' is invalid. Allowed choices are text, json." */
const BAD_CHOICE = /^(.*) argument '(.*)' is invalid\. Allowed choices are (.*)\.$/s;

export function usageErrorOf(error: CommanderError, command: string | undefined): UsageError {
  const help = command ? `seaworthy ${command} --help` : 'seaworthy --help';
  const suggestion = SUGGESTION.exec(error.message)?.[1];
  const message = error.message.replace(SUGGESTION, '').replace(/^error: /, '').trim();
  if (suggestion) return new UsageError(message, `did you mean ${suggestion}? (${help} lists them all)`);
  const choice = BAD_CHOICE.exec(message);
  if (choice) {
    const [, option = '', value = '', list = ''] = choice;
    const allowed = list.split(', ');
    const close = didYouMean(value, allowed);
    return new UsageError(`${option} does not accept '${value}'`, close ? `did you mean ${close}? (allowed: ${allowed.join(', ')})` : `use one of ${allowed.join(', ')}`);
  }
  if (error.code === 'commander.unknownCommand') return new UsageError(message, 'seaworthy --help lists the commands');
  if (error.code === 'commander.unknownOption') return new UsageError(message, `${help} lists the options`);
  return new UsageError(message.replace(/\.$/, ''), `${help} shows what it takes`);
}
