// Functions run in a webview page (playwright's page.evaluate serializes each one):
// each is self-contained, using nothing from outside its body. Type-checked with the
// DOM library (tsconfig.json here); the tests load this file with require.

/** Period labels that overlap each other or leave their chart, as `a / b` descriptions. */
export function labelProblems(): string[] {
  const problems: string[] = [];
  for (const svg of document.querySelectorAll('.chart svg')) {
    const frame = svg.getBoundingClientRect();
    const labels = [...svg.querySelectorAll('text.tick')].map((t) => ({ text: t.textContent ?? '', box: t.getBoundingClientRect(), period: t.classList.contains('period') }));
    for (const l of labels) if (l.box.left < frame.left - 0.5 || l.box.right > frame.right + 0.5 || l.box.top < frame.top - 0.5 || l.box.bottom > frame.bottom + 0.5) problems.push(`${l.text} leaves the chart`);
    const periods = labels.filter((l) => l.period).sort((a, b) => a.box.left - b.box.left);
    for (let i = 1; i < periods.length; i++) if (periods[i].box.left < periods[i - 1].box.right) problems.push(`${periods[i - 1].text} / ${periods[i].text} overlap`);
    const values = labels.filter((l) => !l.period).sort((a, b) => a.box.top - b.box.top);
    for (let i = 1; i < values.length; i++) if (values[i].box.top < values[i - 1].box.bottom) problems.push(`${values[i - 1].text} / ${values[i].text} overlap`);
  }
  return problems;
}

/** The period labels of each chart. */
export function periodLabels(): string[][] {
  return [...document.querySelectorAll('.chart svg')].map((svg) => [...svg.querySelectorAll('text.tick.period')].map((t) => t.textContent ?? ''));
}

/**
 * What breaks the layout: a page wider than the window, or a date, period or
 * duration (`2025-07-30`, `2025-Q3`, `104 min`, `+43 min`, `72 minutes`, `259 ms`) broken over two lines.
 */
export function layoutProblems(): string[] {
  const problems: string[] = [];
  if (document.documentElement.scrollWidth > window.innerWidth) problems.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${window.innerWidth} px window`);
  const walker = document.createTreeWalker((document.getElementById('root') ?? document.body), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    for (const match of text.matchAll(/\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{4}-Q\d|\+?[\d.,]+ (?:min(?:utes)?|ms)\b/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (lines.size > 1) problems.push(`"${match[0]}" breaks over ${lines.size} lines`);
    }
  }
  return problems;
}

/**
 * Text below WCAG AA contrast against what is behind it (4.5:1; 3:1 from 24 px,
 * or 18.66 px bold), and chart marks below 3:1 against their background (WCAG
 * 1.4.11). Colours are composited (alpha, opacity) as the browser paints them.
 */
export function contrastProblems(): string[] {
  type Rgba = [number, number, number, number];
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  // Any CSS colour (oklch, relative colours, rgba) to sRGB through the canvas; `none` is transparent.
  const rgba = (css: string): Rgba => {
    context.clearRect(0, 0, 1, 1);
    context.fillStyle = 'rgba(0, 0, 0, 0)';
    context.fillStyle = css;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  const over = (top: Rgba, bottom: Rgba): Rgba => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    const mix = (i: number) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  };
  const luminance = ([r, g, b]: Rgba) => {
    const f = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a: Rgba, b: Rgba) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  const opacity = (element: Element) => {
    let product = 1;
    for (let n: Element | null = element; n; n = n.parentElement) product *= Number(getComputedStyle(n).opacity);
    return product;
  };
  /** The HTML backgrounds behind `element` (from the page's canvas up), then SVG shapes under `point`. */
  const background = (element: Element, includeSelf: boolean, point?: { x: number; y: number }): Rgba => {
    const chain: Element[] = [];
    for (let n: Element | null = includeSelf ? element : element.parentElement; n; n = n.parentElement) if (!(n instanceof SVGElement)) chain.unshift(n);
    let colour: Rgba = [255, 255, 255, 1];
    for (const n of chain) colour = over(rgba(getComputedStyle(n).backgroundColor), colour);
    if (point) {
      const shapes = document.elementsFromPoint(point.x, point.y).filter((n) => (n instanceof SVGRectElement || n instanceof SVGCircleElement) && n !== element).reverse();
      for (const shape of shapes) {
        const style = getComputedStyle(shape);
        const fill = rgba(style.fill);
        colour = over([fill[0], fill[1], fill[2], fill[3] * Number(style.fillOpacity) * opacity(shape)], colour);
      }
    }
    return colour;
  };
  const describe = (element: Element) => `${element.tagName.toLowerCase()}${element.classList.length > 0 ? `.${[...element.classList].join('.')}` : ''}`;
  const hex = (c: Rgba) => `rgba(${c.map((v, i) => (i < 3 ? Math.round(v) : v.toFixed(2))).join(', ')})`;
  const problems: string[] = [];
  const walker = document.createTreeWalker((document.getElementById('root') ?? document.body), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement!;
    if (!node.textContent?.trim() || element.closest('title, option')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = [...range.getClientRects()].find((r) => r.width > 0 && r.height > 0);
    const style = getComputedStyle(element);
    if (!box || style.visibility !== 'visible') continue;
    const svgText = element instanceof SVGElement;
    const back = background(element, true, svgText ? { x: box.left + box.width / 2, y: box.top + box.height / 2 } : undefined);
    const ink = rgba(svgText ? style.fill : style.color);
    const text = over([ink[0], ink[1], ink[2], ink[3] * opacity(element)], back);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const contrast = ratio(text, back);
    if (contrast < (large ? 3 : 4.5)) problems.push(`text "${node.textContent.trim().slice(0, 40)}" (${describe(element)}): ${contrast.toFixed(2)}:1, ${hex(text)} on ${hex(back)}`);
  }
  for (const mark of document.querySelectorAll('#root .mark')) {
    const rect = mark.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    const style = getComputedStyle(mark);
    let colour: Rgba;
    if (mark instanceof SVGPathElement) colour = rgba(style.stroke);
    else if (mark instanceof SVGElement) colour = rgba(style.fill);
    else colour = rgba(style.backgroundColor)[3] > 0 ? rgba(style.backgroundColor) : rgba(style.borderTopColor);
    const back = background(mark, false);
    const painted = over([colour[0], colour[1], colour[2], colour[3] * opacity(mark)], back);
    const contrast = ratio(painted, back);
    if (contrast < 3) problems.push(`mark ${describe(mark)}: ${contrast.toFixed(2)}:1, ${hex(painted)} on ${hex(back)}`);
  }
  return problems;
}


/**
 * Dresses the page as VS Code dresses a webview in a theme: its colour variables
 * on the root element (null: the theme leaves it undefined), its kind as the
 * body's class, and the webview's font.
 */
export function dressAs(theme: { bodyClass: string; colors: Record<string, string | null> }): void {
  const root = document.documentElement.style;
  for (const [name, value] of Object.entries(theme.colors)) {
    if (value === null) root.removeProperty(name);
    else root.setProperty(name, value);
  }
  root.setProperty('--vscode-font-family', 'system-ui, "Liberation Sans", sans-serif');
  root.setProperty('--vscode-font-size', '13px');
  document.body.className = theme.bodyClass;
}

/** Every chart has drawn its SVG (they draw once their box has a width). */
export function chartsDrawn(): boolean {
  return document.querySelectorAll('.chart').length === document.querySelectorAll('.chart svg').length;
}

/** Opens every <details>, and answers the page's height. */
export function unfold(): number {
  for (const details of document.querySelectorAll('details')) details.open = true;
  return document.documentElement.scrollHeight;
}
