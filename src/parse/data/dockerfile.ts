/** Dockerfile instructions with their lines (dockerfile-ast ranges are 0-based; ours are 1-based). */
import { DockerfileParser, ModifiableInstruction } from 'dockerfile-ast';
import type { CommentFact, DockerInstruction } from '../../facts/types.js';
import { clip } from '../../util/text.js';

export function parseDockerfile(text: string): { instructions: DockerInstruction[]; comments: CommentFact[] } {
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions().map((instruction) => {
    const range = instruction.getRange();
    const out: DockerInstruction = {
      keyword: instruction.getKeyword().toUpperCase(),
      args: clip(instruction.getArgumentsContent() ?? '', 2000),
      line: range.start.line + 1,
      endLine: range.end.line + 1,
    };
    // `--from=build`, `--chown=app`, `--mount=…`: the parser keeps them out of the arguments.
    const flags = instruction instanceof ModifiableInstruction ? instruction.getFlags().map((f) => `--${f.getName()}${f.getValue() === null ? '' : `=${f.getValue() ?? ''}`}`) : [];
    if (flags.length > 0) out.flags = flags;
    return out;
  });
  const comments = dockerfile.getComments().map((comment) => ({ line: comment.getRange().start.line + 1, text: clip(comment.getContent() ?? '', 200) }));
  return { instructions, comments };
}
