/**
 * The documentation pages the docs tests read (the README, the contributor guide and docs/),
 * parsed with markdown-it, the parser that also builds the app's science page, so code blocks
 * are told apart from prose the same way in both.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import GithubSlugger from 'github-slugger';
import MarkdownIt from 'markdown-it';
import { repoRoot } from '../architecture/source-files';

type Token = MarkdownIt.Token;

const markdown = new MarkdownIt();

/** Every documentation page, relative to the repository root. */
export function docPages(): string[] {
  const docs = fs
    .readdirSync(path.join(repoRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', 'CONTRIBUTING.md', ...docs.sort()];
}

export function readPage(relative: string): string {
  return fs.readFileSync(path.join(repoRoot, relative), 'utf8');
}

function inlineTokens(source: string): Token[] {
  return markdown.parse(source, {}).flatMap((token) => (token.type === 'inline' ? (token.children ?? []) : []));
}

/** The plain text of an inline token's children, as GitHub reads a heading for its anchor. */
function plainText(inline: Token): string {
  return (inline.children ?? []).map((child) => (child.type === 'text' || child.type === 'code_inline' ? child.content : '')).join('');
}

/** Where the page's links and images point, in order. */
export function linkTargets(source: string): string[] {
  return inlineTokens(source).flatMap((token) => {
    if (token.type === 'link_open') return [String(token.attrGet('href') ?? '')];
    if (token.type === 'image') return [String(token.attrGet('src') ?? '')];
    return [];
  });
}

/** The anchors of the page's headings, made the way GitHub makes them. */
export function headingAnchors(source: string): Set<string> {
  const slugger = new GithubSlugger();
  const tokens = markdown.parse(source, {});
  const anchors = new Set<string>();
  tokens.forEach((token, i) => {
    const inline = tokens[i + 1];
    if (token.type === 'heading_open' && inline?.type === 'inline') anchors.add(slugger.slug(plainText(inline)));
  });
  return anchors;
}

/** Every table of the page as rows of cells (the header row first), each cell its raw inline text. */
export function tablesOf(source: string): string[][][] {
  const tables: string[][][] = [];
  let table: string[][] | null = null;
  let row: string[] | null = null;
  const tokens = markdown.parse(source, {});
  tokens.forEach((token, i) => {
    if (token.type === 'table_open') table = [];
    else if (token.type === 'table_close' && table) tables.push(table);
    else if (token.type === 'tr_open') row = [];
    else if (token.type === 'tr_close' && row && table) table.push(row);
    else if ((token.type === 'th_open' || token.type === 'td_open') && row)
      row.push(tokens[i + 1]?.type === 'inline' ? (tokens[i + 1]?.content ?? '') : '');
  });
  return tables;
}

/** The lines of the first Markdown table after the heading `heading` (exact text, e.g. "## Settings"). */
export function tableLinesAfter(source: string, heading: string): string[] {
  const lines = source.split('\n');
  const at = lines.indexOf(heading);
  if (at < 0) return [];
  const start = lines.findIndex((line, i) => i > at && line.startsWith('|'));
  if (start < 0) return [];
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('|'));
  return lines.slice(start, end < 0 ? lines.length : end);
}
