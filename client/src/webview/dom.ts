// Building webview DOM from document strings. Text goes in through
// textContent only, never innerHTML: whatever an RCA says renders as text.

type Child = Node | string | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) {
    if (child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** A button that runs `action`: keyboard accessible by being a real button. */
export function button(label: string, title: string, action: () => void, className = 'link'): HTMLButtonElement {
  const node = el('button', { type: 'button', class: className, title }, label);
  node.addEventListener('click', action);
  return node;
}

export function section(heading: string, ...children: Child[]): HTMLElement {
  return el('section', { 'aria-label': heading }, el('h2', {}, heading), ...children);
}
