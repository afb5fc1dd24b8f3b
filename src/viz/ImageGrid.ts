/**
 * A grid of small images with captions (dataset samples, predictions). Framework-free: it owns its
 * element, and `update(items)` redraws. Images are lossless PNG <img>s, not canvases (pixels.ts's
 * imageUrl says why), scaled with CSS (image-rendering: pixelated).
 */
import { imageUrl } from './pixels';

export interface ImageGridItem {
  /** Stable identity, e.g. the test-set index. */
  index: number;
  pixels: ArrayLike<number>;
  width?: number;
  height?: number;
  /** 1 = grey (default), 3 = RGB interleaved per pixel. */
  channels?: number;
  caption: string;
  detail?: string;
  /** Marks a prediction: colour plus an icon so that colour is never the only cue. */
  status?: 'correct' | 'wrong';
  /** Extra attributes for tests and styling (data-*). */
  data?: Record<string, string>;
}

export interface ImageGridOptions {
  itemSize?: number;
  onSelect?: (item: ImageGridItem) => void;
  ariaLabel?: string;
  /** The grid scrolls (a one-row strip): make it focusable so keyboard users can scroll it too. */
  scrollable?: boolean;
}

export class ImageGrid {
  private readonly root: HTMLDivElement;

  constructor(
    container: HTMLElement,
    private readonly options: ImageGridOptions = {},
  ) {
    this.root = document.createElement('div');
    this.root.className = 'image-grid';
    this.root.setAttribute('role', 'list');
    if (options.ariaLabel) this.root.setAttribute('aria-label', options.ariaLabel);
    if (options.scrollable) this.root.tabIndex = 0;
    this.root.style.setProperty('--item-size', `${options.itemSize ?? 84}px`);
    container.appendChild(this.root);
  }

  update(items: ImageGridItem[]): void {
    this.root.replaceChildren(...items.map((item) => this.renderItem(item)));
  }

  destroy(): void {
    this.root.remove();
  }

  private renderItem(item: ImageGridItem): HTMLElement {
    const figure = document.createElement('figure');
    figure.className = `image-grid__item${item.status ? ` image-grid__item--${item.status}` : ''}`;
    figure.setAttribute('role', 'listitem');
    figure.dataset.index = String(item.index);
    for (const [key, value] of Object.entries(item.data ?? {})) figure.dataset[key] = value;

    const image = document.createElement('img');
    image.className = 'image-grid__image';
    image.width = item.width ?? 28;
    image.height = item.height ?? 28;
    image.src = imageUrl(item.pixels, image.width, image.height, item.channels ?? 1);
    image.draggable = false;
    image.dataset.channels = String(item.channels ?? 1);
    image.alt = item.detail ? `${item.caption}, ${item.detail}` : item.caption;

    const caption = document.createElement('figcaption');
    const icon = item.status === 'correct' ? '✓ ' : item.status === 'wrong' ? '✗ ' : '';
    caption.textContent = icon + item.caption;
    caption.className = 'image-grid__caption';
    figure.append(image, caption);
    if (item.detail) {
      const detail = document.createElement('span');
      detail.className = 'image-grid__detail';
      detail.textContent = item.detail;
      figure.append(detail);
    }

    const onSelect = this.options.onSelect;
    if (onSelect) {
      figure.tabIndex = 0;
      figure.classList.add('image-grid__item--selectable');
      figure.addEventListener('click', () => onSelect(item));
      figure.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onSelect(item);
        }
      });
    }
    return figure;
  }
}
