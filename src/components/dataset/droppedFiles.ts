/**
 * The files of a drop or a folder picker with the folder each sits in, so that a folder of class
 * folders (cats/…, dogs/…) becomes one class per folder. Dropped folders are walked through the
 * File and Directory Entries API; plain dropped files have no folder ('').
 */
export interface FolderFile {
  file: File;
  /** The name of the folder holding the file, '' when it was dropped or picked on its own. */
  folder: string;
}

/** From `<input webkitdirectory>`: webkitRelativePath is "top/class/name.png" (or "class/name.png"). */
export function folderFilesOf(files: FileList | File[]): FolderFile[] {
  return [...files].map((file) => {
    const parts = (file.webkitRelativePath || file.name).split('/');
    return { file, folder: parts.length >= 2 ? parts[parts.length - 2] : '' };
  });
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry: FileSystemEntry, folder: string, out: FolderFile[], depth: number): Promise<void> {
  if (depth > 4 || out.length > 5000) return;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, folder });
  } else if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries answers in chunks (100 in Chromium) until it answers none.
    for (let chunk = await readEntries(reader); chunk.length; chunk = await readEntries(reader)) {
      for (const child of chunk) await walk(child, entry.name, out, depth + 1);
    }
  }
}

/** Every file of a drop, folders walked. */
export async function droppedFiles(transfer: DataTransfer): Promise<FolderFile[]> {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry?.() ?? null);
  if (!entries.some((e) => e?.isDirectory)) return [...transfer.files].map((file) => ({ file, folder: '' }));
  const out: FolderFile[] = [];
  for (const entry of entries) if (entry) await walk(entry, '', out, 0);
  return out;
}
