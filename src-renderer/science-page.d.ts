/** The docs' science page, rendered at build time (tools/science-page/science-page-plugin.ts). */
declare module 'virtual:science-page' {
  const sciencePage: {
    /** The page's first heading. */
    title: string;
    /** The rest of the page as HTML: headings carry GitHub's anchors, setting rows `setting-<path>`. */
    html: string;
    /** The settings that have a row, in the table's order. */
    settings: string[];
  };
  export default sciencePage;
}
