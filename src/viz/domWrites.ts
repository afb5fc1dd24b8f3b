/**
 * DOM writes that happen only when the value changes. The live views are updated a few times a
 * second while a run trains, mostly with what is already on screen (the same class names, the same
 * selection, the same filters between two kernel refreshes); an equal write still queues a mutation,
 * re-styles the element and repaints it, and on a 2-core machine that main-thread time is taken from
 * the training threads.
 */

export function setAttr(element: Element | null | undefined, name: string, value: string): void {
  if (element && element.getAttribute(name) !== value) element.setAttribute(name, value);
}

export function setText(element: Node | null | undefined, text: string): void {
  if (element && element.textContent !== text) element.textContent = text;
}

export function setClass(element: Element | null | undefined, name: string, on: boolean): void {
  if (element && element.classList.contains(name) !== on) element.classList.toggle(name, on);
}

export function setStyle(element: HTMLElement | null | undefined, property: string, value: string): void {
  if (element && element.style.getPropertyValue(property) !== value) element.style.setProperty(property, value);
}
