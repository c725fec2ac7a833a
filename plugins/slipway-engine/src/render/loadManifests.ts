import fs from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import {
  InvalidManifestsError,
  Manifest,
  ManifestIssue,
  SourcedManifest,
} from './manifest';

const YAML_FILE = /\.ya?ml$/;

async function yamlFiles(root: string, dir = root): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
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
 */
export async function readManifests(
  dir: string,
  /** How files are named in errors: their path in the repository. */
  displayDir = '',
): Promise<{ manifests: SourcedManifest[]; issues: ManifestIssue[] }> {
  const manifests: SourcedManifest[] = [];
  const issues: ManifestIssue[] = [];
  for (const file of await yamlFiles(dir)) {
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
 */
export async function loadManifests(dir: string): Promise<SourcedManifest[]> {
  const { manifests, issues } = await readManifests(dir);
  if (issues.length > 0) {
    throw new InvalidManifestsError(issues);
  }
  return manifests;
}
