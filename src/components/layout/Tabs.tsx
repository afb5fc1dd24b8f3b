/**
 * Accessible tabs (WAI-ARIA pattern): arrow keys move between tabs, the panel follows. The list and
 * the panel are separate components so that the list can sit in the one-line page header.
 */
import { type KeyboardEvent, type ReactNode, useRef } from 'react';
import { ErrorBoundary } from '../common/ErrorBoundary';

export interface TabDef<K extends string> {
  key: K;
  label: string;
  render: () => ReactNode;
}

interface TabsProps<K extends string> {
  tabs: TabDef<K>[];
  active: K;
  onChange: (key: K) => void;
}

function currentTab<K extends string>(tabs: TabDef<K>[], active: K): TabDef<K> {
  return tabs.find((tab) => tab.key === active) ?? tabs[0];
}

export function TabList<K extends string>({ tabs, active, onChange }: TabsProps<K>) {
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    let next = index + delta;
    if (event.key === 'Home') next = 0;
    if (event.key === 'End') next = tabs.length - 1;
    if (next === index) return;
    event.preventDefault();
    next = (next + tabs.length) % tabs.length;
    onChange(tabs[next].key);
    buttons.current[next]?.focus();
  };
  const current = currentTab(tabs, active);
  return (
    <div className="tabs" role="tablist" aria-label="Sections">
      {tabs.map((tab, index) => (
        <button
          key={tab.key}
          ref={(element) => {
            buttons.current[index] = element;
          }}
          role="tab"
          id={`tab-${tab.key}`}
          aria-selected={tab.key === current.key}
          aria-controls={`panel-${tab.key}`}
          tabIndex={tab.key === current.key ? 0 : -1}
          className="tabs__tab"
          onClick={() => onChange(tab.key)}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}

export function TabPanel<K extends string>({ tabs, active }: Omit<TabsProps<K>, 'onChange'>) {
  const current = currentTab(tabs, active);
  return (
    <div role="tabpanel" id={`panel-${current.key}`} aria-labelledby={`tab-${current.key}`} className={`tabs__panel tabs__panel--${current.key}`}>
      <ErrorBoundary key={current.key} view={current.label}>
        {current.render()}
      </ErrorBoundary>
    </div>
  );
}

export function Tabs<K extends string>(props: TabsProps<K>) {
  return (
    <>
      <TabList {...props} />
      <TabPanel tabs={props.tabs} active={props.active} />
    </>
  );
}
