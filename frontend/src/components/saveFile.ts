/**
 * Saves data as a file through the browser, as a download named `filename`. The object URL is
 * released once the click has started the download.
 */
export function saveFile(data: Blob | string, filename: string, type = 'text/csv;charset=utf-8') {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
