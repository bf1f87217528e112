// The dashboard's charts in the webview: drawn (shared/chart.ts) at the width their box has.
import type { Markup } from '../../../shared/markup';
import { el, toDom } from './dom';

/**
 * A chart drawn at the width its box has, and again when that changes (the panel
 * is resized or moved): `draw(width)` returns the SVG.
 */
export function responsiveChart(label: string, draw: (width: number) => Markup): HTMLElement {
  const box = el('div', { class: 'chart', role: 'img', 'aria-label': label });
  let drawn = -1;
  const observer = new ResizeObserver(() => {
    // A box replaced by the next render leaves the page: stop watching it.
    if (!box.isConnected) return observer.disconnect();
    const width = Math.floor(box.clientWidth);
    if (width <= 0 || width === drawn) return;
    drawn = width;
    box.replaceChildren(toDom(draw(width)));
  });
  observer.observe(box);
  return box;
}

