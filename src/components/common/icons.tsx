/**
 * Small drawn icons for controls whose usual glyphs (⏭, ⛶) are missing from many system fonts and
 * show as empty boxes on a classroom PC. Decorative: the buttons carry the words.
 */
export function StepIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M2 2.5v11l8-5.5z" fill="currentColor" />
      <rect x="11" y="2.5" width="2.5" height="11" rx="0.5" fill="currentColor" />
    </svg>
  );
}

export function ProjectorIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4" fill="none" stroke="currentColor" strokeWidth="1.8" />
    </svg>
  );
}

/** An open book, for "Lessons" (the 🎓 emoji is an empty box where no emoji font is installed, as on Debian's Chromium). */
export function LessonsIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M8 3.5C6.5 2.3 4 2 1.5 2.5v10c2.5-.5 5 0 6.5 1.2 1.5-1.2 4-1.7 6.5-1.2v-10C12 2 9.5 2.3 8 3.5zM8 3.5v10" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  );
}

/** A magnifier, for "explain this layer step by step" (a second "?" beside the concept's "?" would read as the same thing). */
export function MagnifierIcon({ className }: { className?: string }) {
  return (
    <svg className={className} width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <circle cx="6.5" cy="6.5" r="4.25" fill="none" stroke="currentColor" strokeWidth="2" />
      <path d="M9.75 9.75 14 14" stroke="currentColor" strokeWidth="2.25" strokeLinecap="round" />
    </svg>
  );
}
