// The static site's pages as markup: the report pages (the dashboard's figures and
// charts, drawn at build time) and a page per document. Every string from a document
// is text in the markup (toHtml escapes it); the rendered Markdown comes in as HTML
// from markdown-it with raw HTML off.
import { columnChart, lineChart } from '../../../shared/chart';
import { h, toHtml, type Markup, type MarkupChild } from '../../../shared/markup';
import { metricsBadges, metricsCards, phaseChart } from '../../../shared/metricsView';
import type { RcaMetrics, Report, TrackerLink } from '../../../shared/protocol';
import { impactChart, minutes, monthChart, plural, quarterChart } from '../../../shared/reportCharts';

/**
 * The widths the charts are drawn at, each shown where the page is about that wide (site.css):
 * without a script the page cannot redraw them for its width, and a chart scaled down from the
 * wide one would shrink its labels.
 */
const CHART_WIDTHS = [{ width: 960, className: 'chart-wide' }, { width: 560, className: 'chart-narrow' }];

function drawnChart(label: string, draw: (width: number) => Markup): Markup[] {
  return CHART_WIDTHS.map(({ width, className }) => h('div', { class: `chart ${className}`, role: 'img', 'aria-label': label }, draw(width)));
}

/** Links between pages: each page knows the others' paths, relative to the site's root. */
export interface SiteLinks {
  /** The relative href from the page being built to the site path `to` (`pages/rca/x.html`, at `#anchor`). */
  href(to: string, anchor?: string): string;
  /** The page of a workspace file by its URI, undefined when it has none. */
  pageOf(uri: string): string | undefined;
}

export interface FilterLinks {
  readonly years: readonly { readonly name: string; readonly path: string }[];
  readonly severities: readonly { readonly name: string; readonly path: string }[];
  readonly services: readonly { readonly name: string; readonly path: string }[];
  readonly documentsPath: string;
}

export const STYLESHEETS = ['assets/dashboard.css', 'assets/site.css'];

/** A whole page: its title, the site's navigation and `main` (HTML: markup made text, or rendered Markdown). */
export function page(siteTitle: string, title: string, links: SiteLinks, main: string): string {
  const head = h('head', {},
    h('meta', { charset: 'utf-8' }),
    h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('title', {}, title === siteTitle ? siteTitle : `${title} · ${siteTitle}`),
    ...STYLESHEETS.map((sheet) => h('link', { rel: 'stylesheet', href: links.href(sheet) })),
  );
  const nav = h('nav', { class: 'site-nav', 'aria-label': 'Site' }, h('a', { href: links.href('index.html') }, siteTitle));
  return `<!doctype html>\n<html lang="en">${toHtml(head)}<body class="rca-site">${toHtml(nav)}<main>${main}</main></body></html>\n`;
}

function markup(nodes: readonly MarkupChild[]): string {
  return nodes.map((n) => (n === undefined || n === false ? '' : toHtml(n))).join('');
}

function section(heading: string, ...children: MarkupChild[]): Markup {
  return h('section', { 'aria-label': heading }, h('h2', {}, heading), ...children);
}

function card(label: string, value: string, tone = ''): Markup {
  return h('div', { class: `card ${tone}`.trim() }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value));
}

function table(caption: string, head: readonly string[], rows: readonly (readonly MarkupChild[])[], numeric: ReadonlySet<number> = new Set()): Markup {
  return h('div', { class: 'table-scroll', role: 'region', 'aria-label': caption, tabindex: 0 }, h('table', {},
    h('thead', {}, h('tr', {}, ...head.map((name) => h('th', {}, name)))),
    h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((cell, i) => h('td', numeric.has(i) ? { class: 'num' } : {}, cell))))),
  ));
}

/** An action item's tracker issue: a link to the tracker (http(s) only, the resolver's word), or its text with the hint why not. */
export function trackerLink(link: TrackerLink): Markup {
  return link.url !== undefined
    ? h('a', { class: 'tracker', href: link.url, rel: 'noopener noreferrer', title: `Open ${link.text} in the tracker` }, link.text)
    : h('span', { class: 'tracker unplaced', title: link.hint }, link.text);
}

function token(text: string): Markup {
  return h('span', { class: 'token' }, text);
}

/** The filters as links: every year, severity and service has its page. */
function filterNav(filters: FilterLinks, links: SiteLinks, current: string): Markup {
  const group = (label: string, items: readonly { name: string; path: string }[]) =>
    items.length > 0 && h('p', { class: 'filter-group' }, h('strong', {}, `${label}: `), ...items.flatMap((item, i) => [i > 0 ? ' · ' : '', item.path === current ? h('strong', { 'aria-current': 'page' }, item.name) : h('a', { href: links.href(item.path) }, item.name)]));
  return h('nav', { class: 'site-filters', 'aria-label': 'Filters' },
    h('p', { class: 'filter-group' }, current === 'index.html' ? h('strong', { 'aria-current': 'page' }, 'All incidents') : h('a', { href: links.href('index.html') }, 'All incidents'), ' · ', h('a', { href: links.href(filters.documentsPath) }, 'Runbooks and notes')),
    group('Year', filters.years),
    group('Severity', filters.severities),
    group('Service', filters.services),
  );
}

/** A report page: the dashboard's cards, charts and tables for `report`, its incidents linking to their pages. */
export function reportPage(siteTitle: string, heading: string, report: Report, path: string, filters: FilterLinks, links: SiteLinks): string {
  const { incidents: count, openActionItems: open, overdueActionItems: overdue } = report.totals;
  const months = monthChart(report);
  const quarters = quarterChart(report.byQuarter);
  const impact = impactChart(report.byQuarter, report.impactByQuarter);
  const rcaLink = (uri: string, text: string) => {
    const target = links.pageOf(uri);
    return target ? h('a', { href: links.href(target) }, text) : text;
  };
  const serviceBars = (list: Report['servicesByCount'], value: (s: Report['servicesByCount'][number]) => number, label: (v: number) => string) => {
    if (list.length === 0) return h('p', { class: 'empty' }, 'No services named.');
    const max = Math.max(1, ...list.map(value));
    return h('ol', { class: 'bars' }, ...list.map((s) => h('li', {}, h('span', { class: 'name' }, s.service), h('div', { class: 'track' }, h('div', { class: 'bar', style: `width: ${((value(s) / max) * 100).toFixed(1)}%` })), h('span', { class: 'num' }, label(value(s))))));
  };
  const main = [
    h('header', {}, h('h1', {}, heading), filterNav(filters, links, path)),
    h('div', { class: 'cards' },
      card('Incidents', count.toLocaleString('en-US')),
      card('Open action items', open.toLocaleString('en-US')),
      card('Overdue action items', overdue.toLocaleString('en-US'), overdue > 0 ? 'bad' : ''),
      card('Recurring kinds', String(report.recurring.length)),
    ),
    section('Incidents by month and severity', months
      ? h('div', {}, ...drawnChart(months.label, (width) => columnChart(months.periods, months.series, months.title, width, 200)), months.legend)
      : h('p', { class: 'empty' }, 'No dated RCAs.')),
    section('Time to resolve and to mitigate by quarter (median and p90)',
      quarters && h('div', {}, ...drawnChart(quarters.label, (width) => lineChart(quarters.periods, quarters.series, quarters.title, width, 220)), quarters.legend),
      report.byQuarter.length > 0 && h('details', {}, h('summary', {}, 'Figures by quarter'), table('Time to resolve and to mitigate by quarter', ['Quarter', 'Incidents', 'Resolve, median', 'Resolve, p90', 'Mitigate, median', 'Mitigate, p90'],
        report.byQuarter.map((q) => [token(q.quarter), String(q.incidents), token(minutes(q.timeToResolve.median)), token(minutes(q.timeToResolve.p90)), token(minutes(q.timeToMitigate.median)), token(minutes(q.timeToMitigate.p90))]), new Set([1, 2, 3, 4, 5])))),
    impact && section('Time to detect and customer impact by quarter (median and p90)',
      h('div', {}, ...drawnChart(impact.label, (width) => lineChart(impact.periods, impact.series, impact.title, width, 220)), impact.legend),
      h('details', {}, h('summary', {}, 'Figures by quarter'), table('Time to detect and customer impact by quarter', ['Quarter', 'Incidents', 'Detect, median', 'Detect, p90', 'Customer impact, median', 'Customer impact, p90'],
        report.byQuarter.map((q, i) => [token(q.quarter), String(q.incidents), token(minutes(report.impactByQuarter[i].timeToDetect.median)), token(minutes(report.impactByQuarter[i].timeToDetect.p90)), token(minutes(report.impactByQuarter[i].customerImpact.median)), token(minutes(report.impactByQuarter[i].customerImpact.p90))]), new Set([1, 2, 3, 4, 5])))),
    h('div', { class: 'two' },
      section('Top services by incidents', serviceBars(report.servicesByCount, (s) => s.incidents, (v) => plural(v, 'incident'))),
      section('Top services by users affected', serviceBars(report.servicesByImpact, (s) => s.usersAffected, (v) => `${v.toLocaleString('en-US')} users`)),
    ),
    section('Recurring incident kinds', report.recurring.length === 0 ? h('p', { class: 'empty' }, 'No kind of incident seen twice.')
      : table('Recurring incident kinds', ['Kind', 'Incidents', 'Services', 'Last'], report.recurring.map((k) => [k.kind, String(k.incidents), k.services.join(', '), token(k.lastDate ?? '')]), new Set([1]))),
    section('Open action items by owner', report.owners.length === 0 ? h('p', { class: 'empty' }, 'No open action items.') : h('div', {}, ...report.owners.map((o) => h('details', {},
      h('summary', {}, h('strong', {}, o.owner), ` ${o.open} open`, o.overdue > 0 && h('span', { class: 'badge overdue' }, `${o.overdue} overdue`)),
      h('ul', { class: 'items' }, ...o.items.map((i) => h('li', {}, rcaLink(i.uri, i.action || '(no action)'), h('span', { class: 'meta' }, ` ${i.priority} · due `, token(i.due || '—'), ' · ', i.rcaTitle, i.tracker && ' · ', i.tracker && trackerLink(i.tracker)), i.overdue && h('span', { class: 'badge overdue' }, 'overdue'))),
        o.open > o.items.length && h('li', { class: 'empty' }, `and ${o.open - o.items.length} more`)),
    )))),
    section(`Incidents (${count.toLocaleString('en-US')})`, report.incidents.length === 0 ? h('p', { class: 'empty' }, 'No RCAs here.') : table('Incidents', ['Date', 'Title', 'Severity', 'Services', 'Resolve', 'Mitigate', 'Users', 'Overdue items'],
      report.incidents.map((i) => [token(i.date ?? ''), rcaLink(i.uri, i.title), i.severity ?? '', i.services.join(', '), token(minutes(i.timeToResolve)), token(minutes(i.timeToMitigate)), token(i.usersAffected?.toLocaleString('en-US') ?? '—'), String(i.overdueActionItems)]), new Set([4, 5, 6, 7])),
      count > report.incidents.length && h('p', { class: 'empty' }, `The newest ${report.incidents.length} of ${count.toLocaleString('en-US')}: each year's page lists all of its incidents.`)),
  ];
  return page(siteTitle, heading, links, markup(main));
}

/** Every document that is not an RCA (runbooks, notes), by folder. */
export function documentsPage(siteTitle: string, documents: readonly { readonly title: string; readonly relativePath: string; readonly path: string }[], filters: FilterLinks, links: SiteLinks): string {
  const main = [
    h('header', {}, h('h1', {}, 'Runbooks and notes'), filterNav(filters, links, filters.documentsPath)),
    documents.length === 0 ? h('p', { class: 'empty' }, 'No other documents.') : table('Runbooks and notes', ['Title', 'File'], documents.map((d) => [h('a', { href: links.href(d.path) }, d.title), h('code', {}, d.relativePath)])),
  ];
  return page(siteTitle, 'Runbooks and notes', links, markup(main));
}

/** The preview's badges, cards and phases for an RCA's page, each service a link to its page. */
function metricsHeader(m: RcaMetrics, serviceHref: (service: string) => string | undefined): Markup[] {
  return [
    metricsBadges(m, (s) => {
      const href = serviceHref(s);
      return href ? h('a', { class: 'chip', href }, s) : h('span', { class: 'chip' }, s);
    }),
    ...metricsCards(m),
    section('Timeline phases', phaseChart(m.phases, (p) => h('span', { class: 'time' }, p.clock ?? '?'))),
  ];
}

export interface DocumentPage {
  readonly title: string;
  readonly metrics: RcaMetrics | undefined;
  /** The document's Markdown as HTML (markdown-it, raw HTML off). */
  readonly html: string;
  readonly backlinks: readonly { readonly title: string; readonly path: string }[];
  /** Backlinks past those listed. */
  readonly moreBacklinks: number;
}

/** A document's page: an RCA's figures, the document, and the pages linking to it. */
export function documentPage(siteTitle: string, doc: DocumentPage, links: SiteLinks, serviceHref: (service: string) => string | undefined): string {
  const linkedFrom = section('Linked from', doc.backlinks.length === 0 ? h('p', { class: 'empty' }, 'No page links here.') : h('ul', { class: 'links' },
    ...doc.backlinks.map((b) => h('li', {}, h('a', { href: links.href(b.path) }, b.title))),
    doc.moreBacklinks > 0 && h('li', { class: 'empty' }, `and ${doc.moreBacklinks.toLocaleString('en-US')} more`),
  ));
  // An RCA's figures go under its title (the document's first line, when it is a `# ` heading), else first.
  const metrics = doc.metrics ? toHtml(h('aside', { class: 'rca-metrics', 'aria-label': 'Computed metrics' }, ...metricsHeader(doc.metrics, serviceHref))) : '';
  const titleEnd = doc.html.startsWith('<h1') ? doc.html.indexOf('</h1>\n') + '</h1>\n'.length : 0;
  const html = `<article class="markdown-body">${doc.html.slice(0, titleEnd)}${metrics}${doc.html.slice(titleEnd)}</article>${toHtml(linkedFrom)}`;
  return page(siteTitle, doc.title, links, html);
}
