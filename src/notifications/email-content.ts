/**
 * A message's content, written once and rendered twice: as plain text and as HTML (escaped),
 * in the same order, with the same words. Templates return an `EmailContent`; `renderEmail`
 * adds the greeting, the organisation and clinic it is about, and the transactional footer.
 */
export type Block =
  | { readonly paragraph: string }
  | { readonly facts: readonly (readonly [string, string])[] }
  | { readonly action: { readonly label: string; readonly url: string } };

export interface EmailContent {
  readonly subject: string;
  readonly blocks: readonly Block[];
}

export interface EmailFrame {
  readonly recipientName: string | null;
  readonly organization: string;
  readonly clinic: string | null;
  readonly vendor: string;
  /** Why this person gets this message: "you made this change", "you are the billing contact". */
  readonly because: string;
}

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

function escape(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function renderEmail(content: EmailContent, frame: EmailFrame): RenderedEmail {
  const about = frame.clinic ? `${frame.organization}, ${frame.clinic}` : frame.organization;
  const greeting = frame.recipientName ? `Hello ${frame.recipientName},` : 'Hello,';
  const footer = [
    `This message is about ${about}. You receive it because ${frame.because}.`,
    `It is a transactional message from ${frame.vendor} about your account: it is sent whatever your marketing preferences, and there is nothing to unsubscribe from.`,
  ];
  const text: string[] = [greeting, ''];
  const html: string[] = [`<p>${escape(greeting)}</p>`];
  for (const block of content.blocks) {
    if ('paragraph' in block) {
      text.push(block.paragraph, '');
      html.push(`<p>${escape(block.paragraph)}</p>`);
    } else if ('facts' in block) {
      for (const [label, value] of block.facts) text.push(`${label}: ${value}`);
      text.push('');
      html.push(
        '<table role="presentation" cellpadding="4">',
        ...block.facts.map(
          ([label, value]) =>
            `<tr><th align="left">${escape(label)}</th><td>${escape(value)}</td></tr>`,
        ),
        '</table>',
      );
    } else {
      text.push(`${block.action.label}: ${block.action.url}`, '');
      html.push(`<p><a href="${escape(block.action.url)}">${escape(block.action.label)}</a></p>`);
    }
  }
  text.push('--', ...footer);
  html.push(
    '<hr>',
    ...footer.map((line) => `<p style="color:#666;font-size:12px">${escape(line)}</p>`),
  );
  return {
    subject: content.subject,
    text: `${text.join('\n')}\n`,
    html: `<!doctype html><html><body>${html.join('\n')}</body></html>\n`,
  };
}
