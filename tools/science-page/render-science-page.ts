/**
 * The science page of the docs (docs/science.md) as HTML for the app, rendered at build time so
 * the app shows the very page the docs hold, with no network and no script of its own.
 *
 * - Raw HTML in the Markdown is escaped, never passed through, and table alignment becomes a
 *   class instead of a style attribute, so the page runs under the strict CSP (no inline style).
 * - Headings get GitHub's anchors, so in-page links work as they do on GitHub.
 * - Each row of the settings table gets the id `setting-<path>`: a help link lands on its row.
 * - Links out of the page are kept only where the app can follow them: in-page anchors, and
 *   https links (opened outside the app). A link to another file of the docs becomes its text,
 *   because the app does not carry the other pages.
 */
import GithubSlugger from 'github-slugger';
import MarkdownIt from 'markdown-it';

type Token = MarkdownIt.Token;

export interface SciencePage {
  /** The page's first heading. */
  title: string;
  /** The page as an HTML fragment (the first heading left out: the view shows `title`). */
  html: string;
  /** The settings that have a row, in the table's order. */
  settings: string[];
}

/** The id of a setting's row in the settings table. */
export function settingAnchor(path: string): string {
  return `setting-${path}`;
}

/** A setting path as the settings table prints it: `data.P`, `seed`, `remedies.ogm.alpha`. */
const SETTING_PATH = /^[a-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*){0,2}$/;

function textOf(inline: Token | undefined): string {
  return (inline?.children ?? []).map((child) => (child.type === 'text' || child.type === 'code_inline' ? child.content : '')).join('');
}

/** Heading ids as GitHub makes them. */
function anchorHeadings(tokens: Token[]): void {
  const slugger = new GithubSlugger();
  tokens.forEach((token, i) => {
    if (token.type === 'heading_open') token.attrSet('id', slugger.slug(textOf(tokens[i + 1])));
  });
}

/** `style="text-align:..."` on table cells becomes `class="align-..."`. */
function alignByClass(tokens: Token[]): void {
  for (const token of tokens) {
    const style = token.attrGet('style');
    if ((token.type === 'th_open' || token.type === 'td_open') && style) {
      token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
      token.attrJoin('class', `align-${String(style).replace('text-align:', '')}`);
    }
  }
}

/** Marks each row of the table headed "setting" with its setting's anchor; returns the settings. */
function anchorSettingRows(tokens: Token[]): string[] {
  const settings: string[] = [];
  let inSettingsTable = false;
  tokens.forEach((token, i) => {
    if (token.type === 'table_open') {
      // table_open, thead_open, tr_open, th_open, inline: the first header cell.
      inSettingsTable = tokens[i + 4]?.type === 'inline' && tokens[i + 4]?.content.trim() === 'setting';
      if (inSettingsTable) token.attrJoin('class', 'settings-table');
    } else if (token.type === 'table_close') {
      inSettingsTable = false;
    } else if (inSettingsTable && token.type === 'tr_open' && tokens[i + 1]?.type === 'td_open') {
      const path = textOf(tokens[i + 2]).trim();
      if (!SETTING_PATH.test(path)) throw new Error(`the settings table has a row for "${path}", which is not a setting path`);
      token.attrSet('id', settingAnchor(path));
      settings.push(path);
    }
  });
  return settings;
}

/**
 * Keeps in-page and https links; turns a link to another file into its text. The app carries no
 * image files (its CSP admits none from elsewhere), so a figure becomes its description and where
 * the user can draw it.
 */
function keepFollowableLinks(tokens: Token[]): void {
  for (const block of tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    // Links do not nest, so a dropped link_open's link_close is the next one.
    let dropping = false;
    block.children = block.children.filter((child) => {
      if (child.type === 'image') {
        const description = child.children?.map((c) => c.content).join('') ?? child.content;
        if (!description.trim()) throw new Error(`a figure of the science page has no description (${String(child.attrGet('src'))})`);
        child.type = 'text';
        child.content = `Figure: ${description}. The command modcomp check --out DIR draws it from your own check.`;
        child.children = null;
        return true;
      }
      if (child.type === 'link_close' && dropping) {
        dropping = false;
        return false;
      }
      if (child.type !== 'link_open') return true;
      const href = String(child.attrGet('href') ?? '');
      if (href.startsWith('#')) return true;
      if (href.startsWith('https://')) {
        child.attrSet('target', '_blank');
        child.attrSet('rel', 'noopener noreferrer');
        return true;
      }
      dropping = true;
      return false;
    });
  }
}

export function renderSciencePage(markdown: string): SciencePage {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  const tokens = md.parse(markdown, {});
  const first = tokens.findIndex((t) => t.type === 'heading_open' && t.tag === 'h1');
  if (first < 0) throw new Error('the science page has no first heading');
  const title = textOf(tokens[first + 1]);
  anchorHeadings(tokens);
  const body = tokens.slice(first + 3);
  alignByClass(body);
  const settings = anchorSettingRows(body);
  keepFollowableLinks(body);
  return { title, html: md.renderer.render(body, md.options, {}), settings };
}
