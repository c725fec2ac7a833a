import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { LineCounter, parseAllDocuments } from 'yaml';
import {
  InvalidManifestsError,
  Manifest,
  ManifestIssue,
  SourcedManifest,
} from './manifest';

const YAML_FILE = /\.ya?ml$/;

/** The YAML files under a directory, sorted; `listed` is its listing when the caller has it already. */
export async function yamlFiles(
  root: string,
  dir = root,
  listed?: Dirent[],
): Promise<string[]> {
  const entries = listed ?? (await fs.readdir(dir, { withFileTypes: true }));
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.')) {
      files.push(...(await yamlFiles(root, full)));
    } else if (entry.isFile() && YAML_FILE.test(entry.name)) {
      files.push(path.relative(root, full));
    }
  }
  return files;
}

function checkShape(
  value: unknown,
  file: string,
  line: number,
): ManifestIssue | undefined {
  const at = { file, line };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ...at, message: 'is not a Kubernetes object (a YAML mapping)' };
  }
  const obj = value as Record<string, any>;
  for (const field of ['apiVersion', 'kind'] as const) {
    if (typeof obj[field] !== 'string' || obj[field] === '') {
      return { ...at, field, message: 'is missing' };
    }
  }
  if (typeof obj.metadata?.name !== 'string' || obj.metadata.name === '') {
    return {
      ...at,
      field: 'metadata.name',
      message: `is missing (${obj.kind})`,
    };
  }
  return undefined;
}

/** The objects of one multi-document YAML text, and every problem with the rest. */
export function parseManifests(
  text: string,
  file: string,
): { manifests: SourcedManifest[]; issues: ManifestIssue[] } {
  const quick = quickParse(text);
  if (quick) {
    const manifests: SourcedManifest[] = [];
    for (const { value, line } of quick) {
      if (checkShape(value, file, line)) {
        return preciseParse(text, file); // for the exact problems
      }
      manifests.push({ object: value as Manifest, file, line });
    }
    return { manifests, issues: [] };
  }
  return preciseParse(text, file);
}

const DOCUMENT_START = /^---(?=\s|$)/;
const DIRECTIVE_OR_DOCUMENT_END = /^(%|\.\.\.(\s|$))/;

/**
 * The documents of a YAML text with the line each starts on, by js-yaml,
 * which is several times faster than the parser that keeps positions. It
 * reads the YAML 1.2 core schema like that one; anything it cannot settle
 * alone (directives, end markers, errors) returns undefined.
 */
function quickParse(
  text: string,
): Array<{ value: unknown; line: number }> | undefined {
  const documents: Array<{ start: number; lines: string[] }> = [
    { start: 0, lines: [] },
  ];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (DIRECTIVE_OR_DOCUMENT_END.test(lines[i])) {
      return undefined;
    }
    if (DOCUMENT_START.test(lines[i])) {
      documents.push({ start: i, lines: [lines[i].slice(3)] });
    } else {
      documents[documents.length - 1].lines.push(lines[i]);
    }
  }
  const parsed: Array<{ value: unknown; line: number }> = [];
  for (const { start, lines: docLines } of documents) {
    let value: unknown;
    try {
      value = load(docLines.join('\n'), { schema: CORE_SCHEMA });
    } catch {
      return undefined;
    }
    if (value === null || value === undefined) {
      continue; // an empty document, such as a trailing ---
    }
    const first = docLines.findIndex(l => {
      const trimmed = l.trim();
      return trimmed !== '' && !trimmed.startsWith('#');
    });
    parsed.push({ value, line: start + first + 1 });
  }
  return parsed;
}

function preciseParse(
  text: string,
  file: string,
): { manifests: SourcedManifest[]; issues: ManifestIssue[] } {
  const manifests: SourcedManifest[] = [];
  const issues: ManifestIssue[] = [];
  const lineCounter = new LineCounter();
  for (const doc of parseAllDocuments(text, { lineCounter })) {
    const line = lineCounter.linePos(
      doc.contents?.range[0] ?? doc.range[0],
    ).line;
    if (doc.errors.length > 0) {
      const error = doc.errors[0];
      issues.push({
        file,
        line: error.linePos?.[0].line ?? line,
        message: `is not valid YAML: ${error.message.split('\n')[0]}`,
      });
      continue;
    }
    const value = doc.toJS();
    if (value === null || value === undefined) {
      continue; // an empty document, such as a trailing ---
    }
    const issue = checkShape(value, file, line);
    if (issue) {
      issues.push(issue);
    } else {
      manifests.push({ object: value as Manifest, file, line });
    }
  }
  return { manifests, issues };
}

/**
 * Reads every YAML document under a service directory (plain manifests, no
 * kustomization): the well-formed objects, and every problem with the rest.
 *
 * @public
 */
export async function readManifests(
  dir: string,
  /** How files are named in errors: their path in the repository. */
  displayDir = '',
  /** The directory's listing, when the caller has read it already. */
  listed?: Dirent[],
): Promise<{ manifests: SourcedManifest[]; issues: ManifestIssue[] }> {
  const manifests: SourcedManifest[] = [];
  const issues: ManifestIssue[] = [];
  for (const file of await yamlFiles(dir, dir, listed)) {
    const parsed = parseManifests(
      await fs.readFile(path.join(dir, file), 'utf8'),
      path.posix.join(displayDir, file),
    );
    manifests.push(...parsed.manifests);
    issues.push(...parsed.issues);
  }
  return { manifests, issues };
}

/**
 * Like readManifests, but all problems are thrown together, so one run tells
 * the author everything to fix; nothing partial is returned.
 *
 * @public
 */
export async function loadManifests(dir: string): Promise<SourcedManifest[]> {
  const { manifests, issues } = await readManifests(dir);
  if (issues.length > 0) {
    throw new InvalidManifestsError(issues);
  }
  return manifests;
}
