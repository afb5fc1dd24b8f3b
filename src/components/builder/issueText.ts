/**
 * How a validation message reads where the layer it names is already shown: validation names the
 * layer in the message itself ("Layer 5 (Conv2D) needs an image-shaped input…"), so that the CLI
 * and logs read on their own. The issue list's link is that name, and a layer's own column needs
 * no name at all; both would otherwise say it twice ("Layer 5 (Conv2D) Layer 5 (Conv2D) needs…").
 * Pure, unit-tested.
 */

/**
 * The message split around its first mention of `name`, so that the mention itself can be the
 * link: "The last layer (Layer 7 (Dense)) does…" → before "The last layer (", after ") does…".
 * Null when the message does not mention it (the link then goes in front).
 */
export function splitAtName(message: string, name: string): { before: string; after: string } | null {
  const at = message.indexOf(name);
  if (at < 0) return null;
  return { before: message.slice(0, at), after: message.slice(at + name.length) };
}

/**
 * The message as the named layer's own column shows it: a leading "Layer 5 (Conv2D): its window…"
 * becomes "Its window…", "Layer 5 (Conv2D) needs…" becomes "This layer needs…"; a message that
 * does not start with the name is kept as it is.
 */
export function withoutLeadingName(message: string, name: string): string {
  if (!message.startsWith(name)) return message;
  const rest = message.slice(name.length);
  if (rest.startsWith(':')) {
    const text = rest.slice(1).trimStart();
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
  return `This layer${rest}`;
}
