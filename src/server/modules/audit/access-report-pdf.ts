import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { AccessReport } from '@/contracts/audit';

const require = createRequire(import.meta.url);
const fontFile = (weight: 400 | 700) =>
  require.resolve(`@fontsource/noto-sans/files/noto-sans-latin-${weight}-normal.woff`);

const mm = (v: number) => (v * 72) / 25.4;
const dateTime = new Intl.DateTimeFormat('de-DE', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Europe/Berlin',
});
const dateOnly = new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeZone: 'Europe/Berlin' });

export interface LetterOptions {
  /** Sender lines: the office and its data-protection officer. */
  sender?: string[];
  /** true: uncompressed streams (tests read the text). */
  uncompressed?: boolean;
}

/**
 * The access report as a letter to the member (A4, address field after DIN 5008 form B), with
 * Noto Sans embedded so that umlauts render in every viewer. Returns the PDF bytes.
 */
export function renderAccessReportPdf(report: AccessReport, options: LetterOptions = {}): Promise<Buffer> {
  const sender = options.sender ?? ['Landesgeschäftsstelle', 'Datenschutz'];
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: mm(20), bottom: mm(20), left: mm(25), right: mm(20) },
    compress: !options.uncompressed,
    info: {
      Title: `Auskunft nach Art. 15 DSGVO – ${report.member.name}`,
      Author: sender.join(', '),
      Subject: 'Zugriffe auf Mitgliedsdaten',
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('Regular', readFileSync(fontFile(400)));
  doc.registerFont('Bold', readFileSync(fontFile(700)));
  const left = mm(25);
  const width = doc.page.width - mm(25) - mm(20);

  // Return address line and address field (form B: 45 mm from the top, 85 mm wide).
  doc
    .font('Regular')
    .fontSize(7)
    .text(sender.join(' · '), mm(20), mm(45), { width: mm(85) });
  doc.fontSize(11).text(report.member.address.join('\n'), mm(20), mm(50.5), { width: mm(85) });
  doc
    .fontSize(10)
    .text(dateOnly.format(new Date(report.generatedAt)), left, mm(98), { width, align: 'right' });

  doc
    .font('Bold')
    .fontSize(12)
    .text('Auskunft nach Art. 15 DSGVO: Zugriffe auf Ihre Mitgliedsdaten', left, mm(105), { width });
  doc.moveDown(1);
  doc.font('Regular').fontSize(10.5);
  const salutation = `Guten Tag ${report.member.name},`;
  const intro =
    report.entries.length === 0
      ? 'Sie haben Auskunft darüber verlangt, wer auf Ihre Daten zugegriffen hat. Unser Protokoll verzeichnet keinen Zugriff auf Ihre Daten.'
      : `Sie haben Auskunft darüber verlangt, wer auf Ihre Daten zugegriffen hat. Unser Protokoll verzeichnet die folgenden ${report.entries.length} Zugriffe: wann, durch welches Konto, in welcher Rolle und Gliederung, und zu welchem Zweck.`;
  doc.text(salutation, { width });
  doc.moveDown(0.5);
  doc.text(intro, { width });
  if (report.member.memberNumber) {
    doc.moveDown(0.5).text(`Mitgliedsnummer: ${report.member.memberNumber}`, { width });
  }
  doc.moveDown(1);

  if (report.entries.length > 0) {
    const cols = [
      { title: 'Zeitpunkt', w: mm(30) },
      { title: 'Konto', w: mm(42) },
      { title: 'Rolle und Gliederung', w: mm(40) },
      { title: 'Vorgang und Zweck', w: width - mm(112) },
    ];
    const row = (cells: string[], bold: boolean) => {
      doc.font(bold ? 'Bold' : 'Regular').fontSize(8.5);
      const heights = cells.map((c, i) => doc.heightOfString(c, { width: cols[i]!.w - 4 }));
      const h = Math.max(...heights) + 4;
      if (doc.y + h > doc.page.height - mm(25)) doc.addPage();
      const y = doc.y;
      let x = left;
      cells.forEach((c, i) => {
        doc.text(c, x, y + 2, { width: cols[i]!.w - 4 });
        x += cols[i]!.w;
      });
      doc
        .moveTo(left, y + h)
        .lineTo(left + width, y + h)
        .lineWidth(0.3)
        .strokeColor('#999999')
        .stroke();
      doc.x = left;
      doc.y = y + h;
    };
    row(
      cols.map((c) => c.title),
      true,
    );
    for (const e of report.entries) {
      const rolesText = e.roles.map((r) => `${r.roleName} (${r.unitCode})`).join(', ') || '–';
      const what = [
        e.what.de.replace(/^hat /, ''),
        e.changedFields?.length ? `Felder: ${e.changedFields.join(', ')}` : null,
        e.purpose ? `Zweck: ${e.purpose}` : null,
      ]
        .filter(Boolean)
        .join('\n');
      row([dateTime.format(new Date(e.occurredAt)), e.account ?? '–', rolesText, what], false);
    }
    doc.moveDown(1);
  }
  doc.font('Regular').fontSize(9.5);
  doc.text(
    'Jeder Lese-, Änderungs- und Exportzugriff auf Mitgliedsdaten wird bei uns protokolliert. Das Protokoll ' +
      'ist gegen nachträgliche Änderungen gesichert (verkettete Prüfsummen und signierte Prüfpunkte). ' +
      'Bei Fragen wenden Sie sich bitte an unsere Datenschutzbeauftragte oder unseren Datenschutzbeauftragten.',
    left,
    doc.y,
    { width },
  );
  doc.moveDown(1).text('Mit freundlichen Grüßen', { width });
  doc.moveDown(0.3).text(sender.join(', '), { width });
  doc.end();
  return done;
}
