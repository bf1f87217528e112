// The static site's stylesheet, over the dashboard's (common.css, dashboard.css): those
// style with VS Code's theme variables, which the site sets to a light theme's values
// (VS Code's Light Modern), then the Markdown of documents and the site's navigation.
export const SITE_CSS = `:root {
  --vscode-foreground: #3b3b3b;
  --vscode-editor-background: #ffffff;
  --vscode-font-family: system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif;
  --vscode-font-size: 15px;
  --vscode-descriptionForeground: #616161;
  --vscode-panel-border: #e5e5e5;
  --vscode-widget-border: #e5e5e5;
  --vscode-editorWidget-background: #f8f8f8;
  --vscode-badge-background: #cccccc;
  --vscode-badge-foreground: #3b3b3b;
  --vscode-textCodeBlock-background: #f0f0f0;
  --vscode-textLink-foreground: #005fb8;
  --vscode-textLink-activeForeground: #005fb8;
  --vscode-focusBorder: #005fb8;
  --vscode-errorForeground: #c72e0f;
  --vscode-inputValidation-errorBackground: #f2dede;
  --vscode-inputValidation-errorBorder: #be1100;
  --vscode-inputValidation-warningBackground: #f6f5d2;
  --vscode-charts-red: #e51400;
  --vscode-charts-orange: #d18616;
  --vscode-charts-yellow: #bf8803;
  --vscode-charts-blue: #0063d3;
  --vscode-charts-purple: #652d90;
  --vscode-charts-green: #388a34;
}
body.rca-site { max-width: 1040px; margin: 0 auto; line-height: 1.5; }
a { color: var(--vscode-textLink-foreground); }
.site-nav { padding: 12px 0; border-bottom: 1px solid var(--vscode-panel-border); font-weight: 600; }
.site-nav a { text-decoration: none; }
.site-filters { margin: 8px 0 0; }
.filter-group { margin: 2px 0; }
.chart svg { width: 100%; height: auto; }
.chart-narrow { display: none; }
@media (max-width: 760px) {
  .chart-wide { display: none; }
  .chart-narrow { display: block; }
}
a.chip { text-decoration: none; }
.rca-metrics { margin: 16px 0 8px; }
.phases .time { font-variant-numeric: tabular-nums; }
.markdown-body { margin-top: 16px; overflow-wrap: anywhere; }
.markdown-body h1 { font-size: 1.6em; }
.markdown-body h2 { font-size: 1.3em; }
.markdown-body h3 { font-size: 1.1em; }
.markdown-body code { background: var(--vscode-textCodeBlock-background); padding: 1px 4px; border-radius: 3px; }
.markdown-body pre { background: var(--vscode-textCodeBlock-background); padding: 8px 12px; overflow-x: auto; }
.markdown-body pre code { padding: 0; }
.markdown-body table { display: block; overflow-x: auto; width: auto; }
.markdown-body img { max-width: 100%; }
.markdown-body blockquote { margin: 0; padding-left: 12px; border-left: 3px solid var(--vscode-panel-border); color: var(--vscode-descriptionForeground); }
.tracker.unplaced { text-decoration: underline dotted; cursor: help; }
.rca-wikilink-broken, .rca-wikilink-ambiguous, a.broken, span.broken { color: var(--rca-error); text-decoration: underline wavy; }
`;
