import { fileURLToPath } from 'node:url';

/** The text of every page of a PDF, read back with Mozilla's PDF.js. */
export async function pdfText(file: Buffer): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const fonts = new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url);
  const document = await getDocument({
    data: new Uint8Array(file),
    standardFontDataUrl: fileURLToPath(fonts) + '/',
  }).promise;
  const texts: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return texts.join('\n');
}
