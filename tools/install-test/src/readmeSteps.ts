import fs from 'node:fs';
import path from 'node:path';

/**
 * One install step of a plugin README: a fenced block that a marker comment
 * (`<!-- install-test: <action> -->`) names as something a user does with
 * it. The comment is invisible on the rendered page; the block is exactly
 * what the reader copies.
 */
export type ReadmeStep = {
  readme: string;
  action: string;
  body: string;
};

const MARKED_BLOCK =
  /<!-- install-test: (.+?) -->\s*\n\s*```[a-z]*\n([\s\S]*?)\n```/g;

export function readmeSteps(readme: string): ReadmeStep[] {
  const text = fs.readFileSync(readme, 'utf8');
  const steps = [...text.matchAll(MARKED_BLOCK)].map(match => ({
    readme: path.relative(process.cwd(), readme),
    action: match[1].trim(),
    body: match[2],
  }));
  const markers = text.match(/<!-- install-test:/g)?.length ?? 0;
  if (markers !== steps.length) {
    throw new Error(
      `${readme}: ${markers} install-test markers but ${steps.length} are followed by a fenced block`,
    );
  }
  return steps;
}
